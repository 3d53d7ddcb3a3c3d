/** The link page's words for a customer's second browser (src/link/store.ts linkText); other keys come from `link`. */
export default {
  title: 'Link this browser to your chat',
  intro: 'Use this browser for the chat you already have. You approve it once in the browser you chat in now.',
  'intro.named': 'Use this browser for your chat with {{business}}. You approve it once in the browser you chat in now.',
  'method.legend': 'How will you approve it on your first browser?',
  'account.label': 'Your mobile number (the one you chat with)',
  'account.missing': 'Enter the mobile number you chat with.',
  'qr.howTo': 'In the chat on your first browser open “Linked browsers” → “Link a device”, then scan this code or paste its link text.',
  'code.howTo': 'In the chat on your first browser open “Linked browsers” → “Link with code” and type:',
  fingerprint: 'Security code of this browser; your first browser shows the same code before you approve:',
  'step.scan': 'Waiting for your first browser to read the code…',
  'step.code': 'Waiting for the code to be typed on your first browser…',
  'step.code-typed': 'A code was typed on your first browser; it is being checked…',
  'step.code-mismatch': 'The code typed on your first browser did not match. Type the code above once more.',
  answerFailed: 'Could not answer the code typed on your first browser: {{error}}',
  'refused.declined': 'Your first browser declined this browser.',
  'refused.wrongCodes': 'A wrong code was typed too often, so this request is locked. Start again for a new code.',
};
