export default {
  title: 'Welcome',
  checking: 'Checking this browser…',
  signingIn: 'Signing in to {{business}}…',
  signInFailed: 'This browser could not sign in: {{error}}',
  notSetUp: 'No business number is set up on this server yet.',
  notSetUpHow: 'The owner must open the one-time setup link that the server printed in its log when it started (it looks like {{link}}). The browser that opens it becomes the primary device.',
  inboxOf: 'This is {{business}}’s shared inbox.',
  inboxOfNumber: 'This is {{business}}’s shared inbox ({{number}}).',
  theBusiness: 'the business',
  notLinked: 'This browser is not linked yet. Link it as one of the business’s devices; the owner approves it on the primary device.',
  link: 'Link this browser',
};
