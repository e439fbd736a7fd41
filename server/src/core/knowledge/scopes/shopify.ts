// Shopify Admin API access scopes, from Shopify's access scopes reference.
import type { ScopeProvider } from './types.js';

export const SHOPIFY: ScopeProvider = {
  id: 'shopify',
  name: 'Shopify',
  keywords: ['shopify', 'myshopify.com'],
  scopes: [
    { scope: 'write_customers', risk: 'high', narrower: ['read_customers'], why: 'Changes customer records (personal data: names, addresses, marketing consent).' },
    { scope: 'read_customers', risk: 'medium', narrower: [], why: 'Reads customer records (personal data).' },
    { scope: 'write_orders', risk: 'high', narrower: ['read_orders'], why: 'Changes, cancels and refunds orders.' },
    { scope: 'read_all_orders', risk: 'high', narrower: ['read_orders'], why: 'Reads every order ever placed instead of the last 60 days.' },
    { scope: 'write_products', risk: 'medium', narrower: ['read_products'], why: 'Changes products and prices.' },
    { scope: 'write_themes', risk: 'high', narrower: ['read_themes'], why: 'Changes the storefront\'s code: script injection into checkout pages.' },
    { scope: 'write_script_tags', risk: 'high', narrower: ['read_script_tags'], why: 'Injects scripts into the storefront.' },
    { scope: 'write_payment_terms', risk: 'high', narrower: ['read_payment_terms'], why: 'Changes payment terms.' },
    { scope: 'write_users', risk: 'critical', narrower: ['read_users'], why: 'Manages staff accounts.' },
    { scope: 'write_inventory', risk: 'medium', narrower: ['read_inventory'], why: 'Changes stock levels.' },
    { scope: 'read_orders', risk: 'medium', narrower: [], why: 'Reads recent orders (personal data of buyers).' },
    { scope: 'read_products', risk: 'low', narrower: [], why: 'Reads products.' },
    { scope: 'write_draft_orders', risk: 'high', narrower: ['read_draft_orders'], why: 'Creates draft orders at any price and sends invoices.' },
    { scope: 'write_discounts', risk: 'high', narrower: ['read_discounts'], why: 'Creates discounts, 100% ones included.' },
    { scope: 'write_price_rules', risk: 'high', narrower: ['read_price_rules'], why: 'Creates price rules and discount codes.' },
    { scope: 'write_fulfillments', risk: 'medium', narrower: ['read_fulfillments'], why: 'Marks orders fulfilled and changes tracking.' },
    { scope: 'write_shipping', risk: 'medium', narrower: ['read_shipping'], why: 'Changes shipping rates and zones.' },
    { scope: 'read_customer_payment_methods', risk: 'high', narrower: [], why: 'Reads customers\' stored payment methods.' },
    { scope: 'write_checkouts', risk: 'high', narrower: ['read_checkouts'], why: 'Changes checkouts in progress.' },
    { scope: 'unauthenticated_write_checkouts', risk: 'medium', narrower: [], why: 'Storefront checkouts, public by design.' },
  ],
  families: [
    { pattern: /^write_([a-z_]{1,40})$/, risk: 'high', narrower: ['read_$1'], why: 'Writes this kind of store data; the read scope is enough for syncing and reporting.' },
  ],
};
