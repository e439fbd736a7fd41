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
  ],
};
