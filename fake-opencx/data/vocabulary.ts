// Word lists and distributions that make generated data look like a real support desk.
export const TEAM_DEFINITIONS = [
  ['Customer Support', 'First line for every channel'],
  ['Billing', 'Invoices, refunds and plan changes'],
  ['Technical', 'Bugs, integrations and outages'],
  ['Sales', 'Pricing questions and upgrades'],
  ['VIP Care', 'Enterprise and VIP customers'],
] as const;

export const TAG_DEFINITIONS = [
  ['billing', 'Questions about invoices and charges'],
  ['refund', 'Customer asks for money back'],
  ['shipping', 'Where is my order'],
  ['delivery-delay', 'Order arrived late or not at all'],
  ['bug', 'Something does not work as designed'],
  ['feature-request', 'Customer wants something new'],
  ['login', 'Cannot sign in or reset a password'],
  ['cancellation', 'Customer wants to cancel'],
  ['urgent', 'Needs an answer today'],
  ['feedback', 'Praise or complaints about the product'],
  ['pricing', 'Plans and prices'],
  ['integration', 'Connecting to other tools'],
  ['onboarding', 'Getting started'],
  ['account', 'Profile and account settings'],
  ['security', 'Suspicious activity or data requests'],
] as const;

export const CHANNEL_WEIGHTS = [
  ['web', 45],
  ['email', 12],
  ['whatsapp', 12],
  ['phone_voice', 6],
  ['sms', 5],
  ['messenger', 5],
  ['instagram', 4],
  ['slack', 4],
  ['api', 4],
  ['web_voice', 3],
] as const;

/** Channels the documentation does not list yet (for `unknownEnumRate`). */
export const UNDOCUMENTED_CHANNELS = ['tiktok', 'telegram'] as const;

export const LANGUAGE_WEIGHTS = [
  ['en', 58],
  ['es', 12],
  ['fr', 8],
  ['de', 7],
  ['pt', 6],
  ['ar', 4],
  ['it', 2],
  ['nl', 1],
  [null, 2],
] as const;

export const SENTIMENT_WEIGHTS = [
  ['neutral', 50],
  ['happy', 24],
  ['angry', 13],
  [null, 13],
] as const;

export const TICKETING_SYSTEMS = [
  ['zendesk', 'ticket_id'],
  ['dynamics365', 'case_id'],
  ['salesforce', 'case_id'],
  ['intercom', 'conversation_id'],
  ['twilio_flex', 'conversation_sid'],
] as const;

export const PLANS = [
  ['free', 50],
  ['pro', 35],
  ['enterprise', 15],
] as const;

export const REGIONS = ['eu', 'us', 'apac', 'latam', 'mea'] as const;

export const TOPICS = [
  {
    tag: 'billing',
    ask: 'I was charged twice for my subscription this month.',
    ai: 'I am sorry about that. I can see two charges on your account; let me check them.',
    summary: 'Customer reports a double charge on the monthly subscription.',
  },
  {
    tag: 'refund',
    ask: 'Can I get a refund for my last order? It was not what I expected.',
    ai: 'Refunds are possible within 30 days. Could you share your order number?',
    summary: 'Customer requests a refund for a recent order.',
  },
  {
    tag: 'shipping',
    ask: 'Where is my package? The tracking page has not changed for days.',
    ai: 'Let me look up the tracking details for your order.',
    summary: 'Customer asks for the status of a shipment.',
  },
  {
    tag: 'login',
    ask: 'I cannot log in, the reset email never arrives.',
    ai: 'Please check your spam folder; I can also send a new reset link.',
    summary: 'Customer cannot sign in; password reset email missing.',
  },
  {
    tag: 'bug',
    ask: 'The export button does nothing when I click it.',
    ai: 'Thanks for reporting this. Which browser are you using?',
    summary: 'Customer reports the export button does not respond.',
  },
  {
    tag: 'cancellation',
    ask: 'I would like to cancel my plan at the end of the month.',
    ai: 'I can help with that. May I ask why you are leaving?',
    summary: 'Customer wants to cancel the subscription.',
  },
  {
    tag: 'pricing',
    ask: 'What is the difference between the Pro and Enterprise plans?',
    ai: 'Enterprise adds SSO, audit logs and a dedicated manager.',
    summary: 'Prospect compares the Pro and Enterprise plans.',
  },
  {
    tag: 'integration',
    ask: 'How do I connect my Shopify store?',
    ai: 'Go to Settings, then Integrations, and choose Shopify.',
    summary: 'Customer needs help connecting Shopify.',
  },
] as const;

export const CONTACT_FOLLOW_UPS = [
  'Thanks, that helps.',
  'It still does not work.',
  'Here is my order number: #{n}.',
  'Can I talk to a human please?',
  'Okay, I will try that.',
  'That is not what I asked.',
  'Great, thank you!',
] as const;

export const AI_FOLLOW_UPS = [
  'Is there anything else I can help you with?',
  'I have updated your request.',
  'Could you describe the problem in more detail?',
  'I am connecting you with a colleague who can help further.',
  'Glad I could help!',
] as const;

export const AGENT_LINES = [
  'Hi, I am taking over from here.',
  'I have escalated this to our billing team.',
  'Your refund has been issued; it takes 3-5 business days.',
  'I reset your account, please try again now.',
  'Thanks for your patience.',
] as const;

export const AGENT_COMMENTS = [
  'Internal: customer is on an old plan, check legacy pricing.',
  'Internal: second contact about this issue this week.',
  'Internal: linked to incident INC-204.',
] as const;

export const ATTACHMENTS = [
  ['screenshot.png', 'image/png'],
  ['invoice.pdf', 'application/pdf'],
  ['error-log.txt', 'text/plain'],
  ['photo.jpg', 'image/jpeg'],
] as const;
