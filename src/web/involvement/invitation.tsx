// The invitation page as a representative of people who use the service sees it: short sentences, large
// type, no jargon. The form is the same as everyone's: choose a password.
import { Button, TextInput } from "../components.js";

export function RepresentativeInvitation(p: { email: string; action: string; error?: string }) {
  return (
    <div class="govuk-grid-row app-easy-read">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-xl">Welcome to WithUs</h1>
        <p class="govuk-body-l">You speak for a group of people who use a drug and alcohol service.</p>
        <p class="govuk-body-l">Here you can see what the service promised.</p>
        <p class="govuk-body-l">You can see how each promise is going.</p>
        <p class="govuk-body-l">You can tell us if it matches what you have seen.</p>
        <p class="govuk-body-l">The service will not see your name unless you say it can.</p>
        <h2 class="govuk-heading-l">Choose a password</h2>
        <p class="govuk-body-l">
          Your email address is <strong>{p.email}</strong>.
        </p>
        <form method="post" action={p.action} novalidate>
          <TextInput
            name="password"
            label="Your new password"
            labelSize="m"
            hint="Use 12 letters or more. Three or four words you will remember work well."
            type="password"
            autocomplete="new-password"
            error={p.error}
          />
          <Button>Save my password</Button>
        </form>
        <p class="govuk-body-l">Need help? Ask the person who invited you.</p>
      </div>
    </div>
  );
}
