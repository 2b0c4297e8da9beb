/**
 * @module emulator/views/login
 * First-factor screens: `login` (identifier + password on one page), `login-id`,
 * `login-password` and `signup` (auth0-behaviour.md §2.3–2.5). Selectors public guides use
 * work unchanged: `input#username`, `input#password`, `button[name=action][value=default]`
 * "Continue" (Cypress's Auth0 guide); sign-up has `input#email` and `input#password`. The
 * password screens carry Bot Detection's CAPTCHA widget when it asks for one (login/captcha.ts).
 */
import { alertBox, esc, field, form, page, primaryButton, type ScreenModel } from './layout.ts';

export interface FirstFactorModel extends ScreenModel {
  /** Field errors by field name. */
  fieldErrors?: Record<string, string>;
  /** Value to put back into the identifier field. */
  username?: string;
  /** Where "Sign up" / "Log in" links go (with `?state=`). */
  signupUrl?: string;
  loginUrl?: string;
  /** Bot Detection asks for a CAPTCHA (login/captcha.ts): the Auth Challenge widget is shown. */
  captcha?: boolean;
}

const usernameField = (m: FirstFactorModel, autofocus: boolean) =>
  field({
    id: 'username',
    name: 'username',
    label: 'Email address',
    type: 'text',
    inputmode: 'email',
    autocomplete: 'email',
    value: m.username ?? '',
    autofocus,
    ...(m.fieldErrors?.username ? { error: m.fieldErrors.username } : {}),
  });

const passwordField = (
  m: FirstFactorModel,
  autofocus: boolean,
  autocomplete = 'current-password',
) =>
  field({
    id: 'password',
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete,
    autofocus,
    ...(m.fieldErrors?.password ? { error: m.fieldErrors.password } : {}),
  });

const signupLink = (m: FirstFactorModel) =>
  m.signupUrl
    ? `<p class="links">Don't have an account? <a href="${esc(m.signupUrl)}">Sign up</a></p>`
    : '';

/**
 * Bot Detection's Auth Challenge widget, below the password and above the button as Auth0
 * places it (bot-detection-custom-login-pages: "below your password input and above your
 * sign-up and login buttons"). `.ulp-captcha-container` and `data-captcha-provider` follow what
 * public scripts look for on real pages (unconfirmed on live). No external asset: the provider's
 * check never completes offline, so the hidden `captcha` field stays empty.
 */
const CAPTCHA_WIDGET = `<div class="ulp-captcha-container" data-captcha-provider="auth0" data-testid="captcha">
<input type="hidden" name="captcha" value="">
<div class="ulp-captcha" role="group" aria-label="CAPTCHA"><div class="spinner" aria-hidden="true"></div><p class="description">Verifying you are human…</p></div>
<p class="description">Auth Challenge needs Auth0's servers: this embedded tenant cannot complete it.</p>
</div>`;

/** A first-factor page: the error, a form of `fields` with "Continue", then `links`. */
function firstFactorPage(
  m: FirstFactorModel,
  head: { screen: string; prompt: string; title: string; description: string },
  fields: string,
  links: string,
): string {
  return page({
    ...head,
    tenantName: m.ctx.tenantName,
    body: `${alertBox(m.error)}
${form(
  m.ctx,
  `${fields}
${m.captcha ? `${CAPTCHA_WIDGET}\n` : ''}${primaryButton('Continue')}`,
)}
${links}`,
  });
}

const loginHead = (m: FirstFactorModel, screen: 'login' | 'login-id') => ({
  screen,
  prompt: screen,
  title: 'Welcome',
  description: `Log in to ${m.ctx.tenantName} to continue to ${m.ctx.clientName}.`,
});

/** `/u/login`: Auth0's default for new tenants, identifier and password on one page. */
export function loginPage(m: FirstFactorModel): string {
  return firstFactorPage(
    m,
    loginHead(m, 'login'),
    `${usernameField(m, !m.username)}
${passwordField(m, !!m.username)}`,
    signupLink(m),
  );
}

/** `/u/login/identifier` (identifier-first, prompt `login-id`). */
export function loginIdentifierPage(m: FirstFactorModel): string {
  return firstFactorPage(m, loginHead(m, 'login-id'), usernameField(m, true), signupLink(m));
}

/**
 * `/u/login/password` (identifier-first second step, prompt `login-password`). The identifier is
 * shown as text and carried in a read-only `input[name=username]` WITHOUT an `id`, as the real
 * page has it (live-fidelity U6: a copy of a live `login-password` page), so `input#username`
 * does not match here.
 */
export function loginPasswordPage(m: FirstFactorModel & { editUrl: string }): string {
  return firstFactorPage(
    m,
    {
      screen: 'login-password',
      prompt: 'login-password',
      title: 'Enter Your Password',
      description: `Enter your password for ${m.ctx.tenantName} to continue to ${m.ctx.clientName}`,
    },
    `<div class="identifier"><span class="ulp-authenticator-selector-text">${esc(m.username ?? '')}</span><a class="button-link" href="${esc(m.editUrl)}">Edit</a></div>
<input type="text" name="username" value="${esc(m.username ?? '')}" readonly style="display:none">
${passwordField(m, true)}`,
    signupLink(m),
  );
}

/** The password policy "Good" as New Universal Login lists it when a password fails. */
export const PASSWORD_POLICY_TEXT =
  'Your password must contain: At least 8 characters; At least 3 of the following: Lower case letters (a-z), Upper case letters (A-Z), Numbers (0-9), Special characters (e.g. !@#$%^&*)';

/** `/u/signup` (prompt `signup`): `email` and `password`, "Continue". */
export function signupPage(m: FirstFactorModel & { email?: string }): string {
  return firstFactorPage(
    m,
    {
      screen: 'signup',
      prompt: 'signup',
      title: 'Create Your Account',
      description: `Sign Up to ${m.ctx.tenantName} to continue to ${m.ctx.clientName}.`,
    },
    `${field({
      id: 'email',
      name: 'email',
      label: 'Email address',
      type: 'text',
      inputmode: 'email',
      autocomplete: 'email',
      value: m.email ?? '',
      autofocus: true,
      ...(m.fieldErrors?.email ? { error: m.fieldErrors.email } : {}),
    })}
${passwordField(m, false, 'new-password')}`,
    m.loginUrl
      ? `<p class="links">Already have an account? <a href="${esc(m.loginUrl)}">Log in</a></p>`
      : '',
  );
}
