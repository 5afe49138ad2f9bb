// What setting up an authenticator app looks like wherever it happens (the account page, or signing in
// when the organisation requires it): the QR code, the secret as text for people who cannot scan, the
// code to confirm; and the recovery codes, shown once.
import { Button, CsrfField, type FieldErrors, TextInput } from "../components.js";

export function AuthenticatorSetup(p: {
  action: string;
  qrSvg: string;
  secret: string;
  csrf?: string;
  errors: FieldErrors;
  /** From the account page: the person's password too (not while signing in, where they have just typed it). */
  askPassword?: boolean;
}) {
  const qr = `data:image/svg+xml;base64,${btoa(p.qrSvg)}`;
  return (
    <>
      <ol class="govuk-list govuk-list--number">
        <li>
          Open an authenticator app on your phone (for example Microsoft Authenticator or Google
          Authenticator).
        </li>
        <li>Add an account in the app and scan this QR code.</li>
      </ol>
      <img src={qr} alt="QR code to add WithUs to your authenticator app" width="200" height="200" />
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">I cannot scan the QR code</span>
        </summary>
        <div class="govuk-details__text">
          <p class="govuk-body">Choose to enter a key in your app, and type this key:</p>
          <p class="govuk-body">
            <code class="app-secret-key">{p.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
          </p>
          <p class="govuk-body">It is a time-based key with 6-digit codes.</p>
        </div>
      </details>
      <form method="post" action={p.action} novalidate>
        {p.csrf !== undefined ? <CsrfField token={p.csrf} /> : null}
        <TextInput
          name="code"
          label="Enter the 6-digit code the app shows"
          inputmode="numeric"
          autocomplete="one-time-code"
          width="10"
          spellcheck={false}
          error={p.errors.code}
        />
        {p.askPassword ? (
          <TextInput
            name="password"
            label="Your password"
            hint="So that no one else who has your session can turn it on."
            type="password"
            autocomplete="current-password"
            error={p.errors.password}
          />
        ) : null}
        <Button>Turn on two-factor sign-in</Button>
      </form>
    </>
  );
}

export function RecoveryCodes(p: { codes: string[]; continueHref: string }) {
  return (
    <>
      <h1 class="govuk-heading-l">Save your recovery codes</h1>
      <p class="govuk-body">
        Two-factor sign-in is on. If you lose your phone, you can sign in with one of these codes instead of a
        code from the app. Each code works once. Keep them somewhere safe: they are shown only now.
      </p>
      <ul class="govuk-list app-recovery-codes">
        {p.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <a
        class="govuk-button"
        href={p.continueHref}
        role="button"
        draggable="false"
        data-module="govuk-button"
      >
        I have saved my recovery codes
      </a>
    </>
  );
}
