import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseFieldName, SENSITIVE_FIELDS, SENSITIVE_TEXT, sensitiveCategoryOf } from '../../../server/src/core/knowledge/sensitiveData.js';

describe('sensitive field names', () => {
  it('keeps the text prefilter in step with the names: every name, in any spelling, passes it', () => {
    for (const name of Object.keys(SENSITIVE_FIELDS)) {
      assert.ok(SENSITIVE_TEXT.test(name), name);
      assert.ok(SENSITIVE_TEXT.test(name.toUpperCase()), name);
    }
    for (const spelled of ['e_mail', 'E-Mail', 'Email Address', 'date_of_birth', 'zip_code', 'postal_code', 'sort_code', 'social_security_number', 'national_id', 'card_number', 'phone_number', 'whatsApp_number']) {
      assert.ok(SENSITIVE_TEXT.test(spelled), spelled);
      assert.ok(sensitiveCategoryOf(spelled), spelled);
    }
  });

  it('normalises names and finds the first sensitive segment of a path', () => {
    assert.equal(normaliseFieldName('E-Mail Address'), 'emailaddress');
    assert.deepEqual(sensitiveCategoryOf('properties.email.value'), { category: 'contact', name: 'email' });
    assert.deepEqual(sensitiveCategoryOf('customer.billing_address.city'), { category: 'address', name: 'billing_address' });
    assert.equal(sensitiveCategoryOf('order.total'), undefined);
    assert.equal(sensitiveCategoryOf(''), undefined);
  });
});
