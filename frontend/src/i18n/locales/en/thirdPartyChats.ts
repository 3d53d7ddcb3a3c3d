const en = {
  'folder.title': 'Third-party chats in the inbox',
  'folder.intro': 'Show chats with people on other messaging providers among the others, or in a section of their own. Every open inbox follows a change at once.',
  'folder.main': 'In the main list',
  'folder.separate': 'In a separate "Third-party chats" section',
  'folder.savedMain': 'Third-party chats are shown in the main list.',
  'folder.savedSeparate': 'Third-party chats are shown in their own section.',
  'folder.loadFailed': 'Where to show third-party chats could not be loaded: {{error}}',
  'section.title': 'Third-party chats',
  'abuse.open': 'Report abuse',
  'abuse.note': 'What happened (optional; kept in the activity log)',
  'abuse.send': 'Send report',
  'abuse.cancel': 'Cancel',
  'abuse.sent': 'Reported. Owners and admins see it in the activity log.',
  'abuse.failed': 'The report could not be sent: {{error}}',
};

export default en;
