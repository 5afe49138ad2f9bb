// Generated from templates/emails/*.md by `npm run build:emails`: edit the templates, not this file.
// (test/notifications/templates.test.ts fails when the two differ.)
export const EMAIL_TEMPLATES = {
  "changes-requested": {
    kind: "changes-requested",
    subject: "Changes needed: {{clause}}, {{contract}}",
    account: false,
    inApp: true,
    body: "A reviewer at {{commissioner}} has looked at your evidence for {{clause}} for {{period}}, under contract {{contract}}, and has asked for changes.\n\nRead what they asked for, then send the evidence again.\n\n[See what needs changing]({{link}})",
  },
  "daily-digest": {
    kind: "daily-digest",
    subject: "Your WithUs updates for {{date}}",
    account: false,
    inApp: false,
    body: "Here is what happened in WithUs since your last summary:\n\n- {{items}}\n\n[See all your notifications]({{link}})",
  },
  "due-soon": {
    kind: "due-soon",
    subject: "Evidence due on {{dueDate}}: {{contract}}",
    account: false,
    inApp: true,
    body: "Evidence for contract {{contract}} with {{commissioner}} is due on {{dueDate}}, in {{days}}. Nothing has been sent yet for:\n\n- {{clauses}}\n\n[Send the evidence]({{link}})",
  },
  "evidence-accepted": {
    kind: "evidence-accepted",
    subject: "Evidence accepted: {{clause}}, {{contract}}",
    account: false,
    inApp: true,
    body: "{{commissioner}} has accepted your evidence for {{clause}} for {{period}}, under contract {{contract}}.\n\nThe reviewer's verdict: {{verdict}}.\n\n[See the decision]({{link}})",
  },
  "evidence-submitted": {
    kind: "evidence-submitted",
    subject: "Evidence waiting for review: {{clause}}, {{contract}}",
    account: false,
    inApp: true,
    body: "{{provider}} has sent evidence for {{clause}} for {{period}}, under contract {{contract}}.\n\nIt is waiting for a reviewer to accept it or ask for changes.\n\n[Review the evidence]({{link}})",
  },
  "not-applicable": {
    kind: "not-applicable",
    subject: "No evidence needed: {{clause}}, {{contract}}",
    account: false,
    inApp: true,
    body: "{{commissioner}} has marked {{clause}} for {{period}}, under contract {{contract}}, as not applicable.\n\nYou do not need to send evidence for it.\n\n[See the reason]({{link}})",
  },
  "overdue-summary": {
    kind: "overdue-summary",
    subject: "Overdue evidence this week: {{count}} across {{contractCount}}",
    account: false,
    inApp: true,
    body: "This is your weekly summary. Evidence is overdue on these contracts:\n\n- {{contracts}}\n\n[See compliance across your contracts]({{link}})",
  },
  overdue: {
    kind: "overdue",
    subject: "Evidence overdue since {{dueDate}}: {{contract}}",
    account: false,
    inApp: true,
    body: "Evidence for contract {{contract}} with {{commissioner}} was due on {{dueDate}} and has not been sent for:\n\n- {{clauses}}\n\nSend it as soon as you can. If you cannot, contact {{commissioner}}.\n\n[Send the evidence]({{link}})",
  },
  "rating-changed": {
    kind: "rating-changed",
    subject: "Contract {{contract}} is now {{rating}}",
    account: false,
    inApp: true,
    body: "The compliance rating of contract {{contract}} with {{provider}} has changed from {{before}} to {{rating}}.\n\n[See the contract's compliance]({{link}})",
  },
} as const;
