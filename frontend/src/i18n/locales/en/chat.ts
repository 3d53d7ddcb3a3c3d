export default {
  empty: 'Write your first message to {{name}}',
  placeholder: 'Message {{name}}',
  securityCode: 'Encrypted — security code',
  securityCodeOf: 'Messages are end-to-end encrypted. The security code of {{name}} is:',
  securityCodeHint: 'This browser trusts this key since your first visit; if it ever changes, the chat stops and tells you.',
  'queue.joined': 'An agent has joined',
  'queue.assigned': 'An agent will reply shortly',
};
