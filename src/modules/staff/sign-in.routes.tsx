/**
 * Staff sign-in: password → second factor (TOTP or passkey) → signed in; forced enrolment of a
 * second factor for accounts without one; sign-out. Each handler: rate limit → validate →
 * transaction (service call + audit) → redirect (POST-redirect-GET) or re-render with field errors.
 */
import { Hono } from 'hono';
import QRCode from 'qrcode';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { consumeFlow, createFlow, createSession, endAllSessions, endSession, markMfaPassed, readFlow, type SessionRecord } from '../../platform/auth/index.ts';
import { hashToken, type TenantCipher } from '../../platform/crypto/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors/index.ts';
import { audit, clientIp, pageContext, rateLimit, safeNext, seeOther, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { tx as t } from '../../platform/ui/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { finishPasskeyAuthentication, finishPasskeyRegistration, startPasskeyAuthentication, startPasskeyRegistration } from './passkeys.service.ts';
import { checkPassword, enrollTotp, flowRecentlyCompleted, LOCKOUT_MINUTES, recordSignIn, secondFactorsOf, sessionPassedMfa, verifyTotpCode, type SecondFactors } from './sign-in.service.ts';
import { requireStaff } from './staff.guard.ts';
import { staffErrors } from './staff.errors.ts';
import { codeForm, codeLabels, loginForm, loginLabels, passkeyLabelForm, passkeyLabelLabels, passkeyVerifyBody, passkeyVerifyLabels } from './staff.forms.ts';
import { clearStaffCookie, formErrors, formText, loginUrl, relyingParty, setStaffCookie, staffSessionPolicy } from './staff.http.ts';
import { staffMessages as m } from './staff.messages.ts';
import { newTotpSecret, totpUri } from './staff.totp.ts';
import { LoginPage, MfaPage, SetupPage, type LoginNotice } from './views/sign-in.tsx';

export const signInRoutes = new Hono<AppEnv>();

const TOTP_ENROLLMENT_FLOW = 'staff_totp_enrollment';
const ENROLLMENT_MINUTES = 15;

/** Per address: sign-in attempts. Per account: passwords, one-time codes, passkey ceremonies. */
const limits = {
  loginPerIp: (c: Ctx) => ({ bucket: `staff-login:ip:${clientIp(c)}`, max: 30, windowSeconds: 600 }),
  loginPerAccount: (email: string) => ({ bucket: `staff-login:account:${hashToken(email)}`, max: 10, windowSeconds: 900 }),
  secondFactor: (staffId: string) => ({ bucket: `staff-mfa:${staffId}`, max: 10, windowSeconds: 600 }),
  passkeyCeremony: (staffId: string) => ({ bucket: `staff-passkey:${staffId}`, max: 20, windowSeconds: 600 }),
};

const nextOf = (value: string | undefined) => safeNext(value, '/staff');

function authenticated(c: Ctx): boolean {
  return c.var.staffPrincipal !== null;
}

// ── Password ────────────────────────────────────────────────────────────────

signInRoutes.get('/staff/login', (c) => {
  const next = nextOf(c.req.query('next'));
  if (authenticated(c)) return seeOther(c, next);
  const q = c.req.query();
  const notice: LoginNotice =
    q.expired === '1' || c.var.sessionEnded === 'expired' ? 'expired' : q.signed_out === 'all' ? 'signed_out_everywhere' : q.signed_out === '1' ? 'signed_out' : null;
  return c.html(<LoginPage ctx={pageContext(c)} next={next} email="" errors={[]} notice={notice} />);
});

signInRoutes.post('/staff/login', async (c) => {
  const body = await c.req.parseBody();
  const next = nextOf(formText(body, 'next'));
  const tenant = c.var.tenant.code;
  const render = (errors: FieldError[], status: 400 | 401) =>
    c.html(<LoginPage ctx={pageContext(c)} next={next} email={formText(body, 'email').slice(0, 254)} errors={errors} notice={null} />, status);

  await rateLimit(c, limits.loginPerIp(c));
  let input;
  try {
    input = parseInput(loginForm, body, loginLabels);
  } catch (err) {
    return render(formErrors(err), 400);
  }
  await rateLimit(c, limits.loginPerAccount(input.email));

  const check = await checkPassword((fn) => tenantTx(c, fn), tenant, input.email, input.password);
  if (!check.ok) {
    if (check.staffId) {
      const staffId = check.staffId;
      const details = check.reason === 'locked' ? { factor: 'password', locked: true } : { factor: 'password', lockedNow: check.lockedNow };
      await tenantTx(c, (tx) => audit(c, tx, { actorKind: 'staff', actorId: staffId, action: 'staff.sign_in_failed', recordType: 'staff_user', recordId: staffId, details }));
    }
    const locked = check.reason === 'locked' ? check.minutesLeft : check.lockedNow ? LOCKOUT_MINUTES : 0;
    return render((locked ? staffErrors.accountLocked(locked) : staffErrors.invalidCredentials()).fields, 401);
  }

  const started = await tenantTx(c, async (tx) => {
    // A fresh session id at sign-in: whatever session id the browser had before is not reused.
    if (c.var.staffSession) await endSession(tx, tenant, c.var.staffSession.idHash);
    const sessionId = await createSession(tx, tenant, { kind: 'staff', subjectId: check.staffId, assurance: 1, mfaPassed: false }, staffSessionPolicy(c));
    const factors = await secondFactorsOf(tx, tenant, check.staffId);
    return { sessionId, enrolled: !!factors && (factors.totp || factors.passkeys > 0) };
  });
  setStaffCookie(c, started.sessionId);
  return seeOther(c, `${started.enrolled ? '/staff/login/mfa' : '/staff/mfa/setup'}?next=${encodeURIComponent(next)}`);
});

// ── Second factor at sign-in ────────────────────────────────────────────────

/** The signed-in-by-password session waiting for its second factor, and the account's factors. */
async function pendingSignIn(c: Ctx): Promise<{ session: SessionRecord; factors: SecondFactors } | null> {
  const session = c.var.staffSession;
  if (!session || session.mfaPassed) return null;
  const factors = await tenantTx(c, (tx) => secondFactorsOf(tx, c.var.tenant.code, session.subjectId));
  if (!factors || factors.status !== 'active') return null;
  return { session, factors };
}

/** Marks the session fully signed in and records it; in the caller's transaction. */
async function completeSignIn(c: Ctx, tx: Queryable, session: SessionRecord, method: 'totp' | 'passkey', enrolled = false): Promise<void> {
  await markMfaPassed(tx, c.var.tenant.code, session.idHash);
  await recordSignIn(tx, c.var.tenant.code, session.subjectId);
  await audit(c, tx, { action: 'staff.sign_in', recordType: 'staff_user', recordId: session.subjectId, details: enrolled ? { method, enrolled } : { method } });
}

signInRoutes.get('/staff/login/mfa', async (c) => {
  const next = nextOf(c.req.query('next'));
  if (authenticated(c)) return seeOther(c, next);
  const pending = await pendingSignIn(c);
  if (!pending) return seeOther(c, loginUrl(next, c.var.sessionEnded === 'expired'));
  const { factors } = pending;
  if (!factors.totp && !factors.passkeys) return seeOther(c, `/staff/mfa/setup?next=${encodeURIComponent(next)}`);
  return c.html(<MfaPage ctx={pageContext(c)} next={next} hasTotp={factors.totp} hasPasskey={factors.passkeys > 0} errors={[]} />);
});

signInRoutes.post('/staff/login/mfa', async (c) => {
  const body = await c.req.parseBody();
  const next = nextOf(formText(body, 'next'));
  if (authenticated(c)) return seeOther(c, next);
  const pending = await pendingSignIn(c);
  if (!pending) return seeOther(c, loginUrl(next, c.var.sessionEnded === 'expired'));
  const { session, factors } = pending;
  const render = (errors: FieldError[]) => c.html(<MfaPage ctx={pageContext(c)} next={next} hasTotp={factors.totp} hasPasskey={factors.passkeys > 0} errors={errors} />, 400);

  await rateLimit(c, limits.secondFactor(session.subjectId));
  let code: string;
  try {
    code = parseInput(codeForm, body, codeLabels).code;
  } catch (err) {
    return render(formErrors(err));
  }
  const passed = await tenantTxWithCipher(c, async (tx, cipher) => {
    if (await verifyTotpCode(tx, cipher, session.subjectId, code)) {
      await completeSignIn(c, tx, session, 'totp');
      return true;
    }
    // The same form submitted twice: the first submit already signed this session in.
    if (await sessionPassedMfa(tx, c.var.tenant.code, session.idHash)) return true;
    await audit(c, tx, { action: 'staff.sign_in_failed', recordType: 'staff_user', recordId: session.subjectId, details: { factor: 'totp' } });
    return false;
  });
  if (!passed) return render(staffErrors.codeInvalid().fields);
  return seeOther(c, next);
});

/** Parses a passkey verify body (JSON), with the platform's field errors when malformed. */
async function passkeyBody(c: Ctx) {
  return parseInput(passkeyVerifyBody, await c.req.json(), passkeyVerifyLabels);
}

/**
 * Runs a passkey verification so that its challenge stays used up and the failure is audited even
 * when verification throws: the error is returned out of the transaction (which commits), then thrown.
 */
async function verifyOnce<T>(c: Ctx, staffId: string, failedAction: string, fn: (tx: Queryable, cipher: TenantCipher) => Promise<T>): Promise<T> {
  const outcome = await tenantTxWithCipher(c, async (tx, cipher) => {
    try {
      return { ok: true as const, value: await fn(tx, cipher) };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await audit(c, tx, { action: failedAction, recordType: 'staff_user', recordId: staffId, details: { factor: 'passkey' } });
      return { ok: false as const, err };
    }
  });
  if (!outcome.ok) throw outcome.err;
  return outcome.value;
}

signInRoutes.post('/staff/login/passkey/options', async (c) => {
  const pending = await pendingSignIn(c);
  if (!pending || !pending.factors.passkeys) throw new AppError('unauthenticated');
  const { session } = pending;
  await rateLimit(c, limits.passkeyCeremony(session.subjectId));
  const started = await tenantTxWithCipher(c, (tx, cipher) => startPasskeyAuthentication(tx, cipher, relyingParty(c), { staffId: session.subjectId, sessionHash: session.idHash }));
  return c.json(started);
});

signInRoutes.post('/staff/login/passkey/verify', async (c) => {
  const pending = await pendingSignIn(c);
  if (!pending) throw new AppError('unauthenticated');
  const { session } = pending;
  await rateLimit(c, limits.secondFactor(session.subjectId));
  const input = await passkeyBody(c);
  await verifyOnce(c, session.subjectId, 'staff.sign_in_failed', async (tx, cipher) => {
    await finishPasskeyAuthentication(tx, cipher, relyingParty(c), { staffId: session.subjectId, sessionHash: session.idHash }, {
      flow: input.flow,
      response: input.response as unknown as AuthenticationResponseJSON,
    });
    await completeSignIn(c, tx, session, 'passkey');
  });
  return c.json({ redirect: nextOf(input.next) });
});

// ── Second factor enrolment (forced at first sign-in, or from the account page) ──────────

interface Enrolment {
  session: SessionRecord;
  factors: SecondFactors;
  /** True when already fully signed in (adding or replacing a factor from the account page). */
  signedIn: boolean;
}

/**
 * Who may enrol a factor now: a fully signed-in person, or someone past the password whose account
 * has no factor yet. An account that has a factor must use it first; enrolling a new one with the
 * password alone would bypass it. Returns 'use-factor' for that case, null when not signed in.
 */
async function enrolment(c: Ctx): Promise<Enrolment | 'use-factor' | null> {
  const session = c.var.staffSession;
  if (!session) return null;
  const factors = await tenantTx(c, (tx) => secondFactorsOf(tx, c.var.tenant.code, session.subjectId));
  if (!factors || factors.status !== 'active') return null;
  if (authenticated(c)) return { session, factors, signedIn: true };
  if (session.mfaPassed) return null;
  if (factors.totp || factors.passkeys) return 'use-factor';
  return { session, factors, signedIn: false };
}

async function requireEnrolment(c: Ctx): Promise<Enrolment> {
  const e = await enrolment(c);
  if (e === 'use-factor') throw new AppError('forbidden');
  if (!e) throw new AppError('unauthenticated');
  return e;
}

async function renderSetup(c: Ctx, e: Enrolment, opts: { next: string; secret: string; flow: string; errors: FieldError[]; status?: 200 | 400 }) {
  const uri = totpUri(opts.secret, e.factors.email, `${c.var.tenant.nameJa} (yakuba)`);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return c.html(
    <SetupPage ctx={pageContext(c)} next={opts.next} signedIn={e.signedIn} qrSvg={qrSvg} secret={opts.secret} flow={opts.flow} errors={opts.errors} />,
    opts.status ?? 200,
  );
}

/** A new TOTP secret, kept server-side (encrypted) for the enrolment until a code confirms it. */
function startTotpEnrolment(c: Ctx, e: Enrolment): Promise<{ secret: string; flow: string }> {
  const secret = newTotpSecret();
  return tenantTxWithCipher(c, async (tx, cipher) => ({
    secret,
    flow: await createFlow(tx, cipher, TOTP_ENROLLMENT_FLOW, { secret, staffId: e.session.subjectId, sessionHash: e.session.idHash }, ENROLLMENT_MINUTES),
  }));
}

signInRoutes.get('/staff/mfa/setup', async (c) => {
  const next = nextOf(c.req.query('next'));
  const e = await enrolment(c);
  if (e === 'use-factor') return seeOther(c, `/staff/login/mfa?next=${encodeURIComponent(next)}`);
  if (!e) return seeOther(c, loginUrl(c.req.path, c.var.sessionEnded === 'expired'));
  const started = await startTotpEnrolment(c, e);
  return renderSetup(c, e, { next, ...started, errors: [] });
});

signInRoutes.post('/staff/mfa/setup/totp', async (c) => {
  const body = await c.req.parseBody();
  const next = nextOf(formText(body, 'next'));
  const e = await enrolment(c);
  if (e === 'use-factor') return seeOther(c, `/staff/login/mfa?next=${encodeURIComponent(next)}`);
  if (!e) return seeOther(c, loginUrl('/staff/mfa/setup', c.var.sessionEnded === 'expired'));
  await rateLimit(c, limits.secondFactor(e.session.subjectId));

  type Outcome = { status: 'enrolled' } | { status: 'wrong' | 'invalid'; secret: string; flow: string; errors?: FieldError[] } | { status: 'expired' };
  const handle = formText(body, 'flow');
  const outcome = await tenantTxWithCipher(c, async (tx, cipher): Promise<Outcome> => {
    const flow = await readFlow<{ secret: string; staffId: string; sessionHash: string }>(tx, cipher, TOTP_ENROLLMENT_FLOW, handle);
    if (!flow || flow.data.staffId !== e.session.subjectId || flow.data.sessionHash !== e.session.idHash)
      return (await flowRecentlyCompleted(tx, cipher.tenant, TOTP_ENROLLMENT_FLOW, handle)) ? { status: 'enrolled' } : { status: 'expired' };
    let code: string;
    try {
      code = parseInput(codeForm, body, codeLabels).code;
    } catch (err) {
      return { status: 'invalid', secret: flow.data.secret, flow: handle, errors: formErrors(err) };
    }
    if (!(await enrollTotp(tx, cipher, e.session.subjectId, flow.data.secret, code))) return { status: 'wrong', secret: flow.data.secret, flow: handle };
    await consumeFlow(tx, cipher.tenant, flow.idHash);
    await audit(c, tx, { action: 'staff.mfa_enroll', recordType: 'staff_user', recordId: e.session.subjectId, details: { method: 'totp', replaced: e.factors.totp } });
    if (!e.signedIn) await completeSignIn(c, tx, e.session, 'totp', true);
    return { status: 'enrolled' };
  });
  if (outcome.status === 'enrolled') return seeOther(c, e.signedIn ? '/staff/account?done=totp' : next);
  if (outcome.status === 'expired') {
    const started = await startTotpEnrolment(c, e);
    return renderSetup(c, e, { next, ...started, errors: staffErrors.enrollmentExpired().fields, status: 400 });
  }
  return renderSetup(c, e, { next, secret: outcome.secret, flow: outcome.flow, errors: outcome.errors ?? staffErrors.codeInvalid().fields, status: 400 });
});

signInRoutes.post('/staff/mfa/passkey/options', async (c) => {
  const e = await requireEnrolment(c);
  await rateLimit(c, limits.passkeyCeremony(e.session.subjectId));
  const started = await tenantTxWithCipher(c, (tx, cipher) =>
    startPasskeyRegistration(tx, cipher, relyingParty(c), { staffId: e.session.subjectId, sessionHash: e.session.idHash, email: e.factors.email, displayName: e.factors.displayName }),
  );
  return c.json(started);
});

signInRoutes.post('/staff/mfa/passkey/verify', async (c) => {
  const e = await requireEnrolment(c);
  await rateLimit(c, limits.passkeyCeremony(e.session.subjectId));
  const input = await passkeyBody(c);
  const label = parseInput(passkeyLabelForm, { label: input.label ?? '' }, passkeyLabelLabels).label || t(m.passkeyDefaultLabel, c.var.locale);
  await verifyOnce(c, e.session.subjectId, 'staff.passkey_add_failed', async (tx, cipher) => {
    const { credentialId } = await finishPasskeyRegistration(tx, cipher, relyingParty(c), { staffId: e.session.subjectId, sessionHash: e.session.idHash }, {
      flow: input.flow,
      response: input.response as unknown as RegistrationResponseJSON,
      label,
    });
    await audit(c, tx, { action: 'staff.passkey_add', recordType: 'webauthn_credential', recordId: credentialId, details: { staffId: e.session.subjectId, label } });
    if (!e.signedIn) await completeSignIn(c, tx, e.session, 'passkey', true);
  });
  return c.json({ redirect: e.signedIn ? '/staff/account?done=passkey' : nextOf(input.next) });
});

// ── Sign-out ────────────────────────────────────────────────────────────────

signInRoutes.post('/staff/logout', async (c) => {
  const session = c.var.staffSession;
  if (session)
    await tenantTx(c, async (tx) => {
      await endSession(tx, c.var.tenant.code, session.idHash);
      await audit(c, tx, { action: 'staff.sign_out', recordType: 'staff_user', recordId: session.subjectId });
    });
  clearStaffCookie(c);
  return seeOther(c, '/staff/login?signed_out=1');
});

signInRoutes.post('/staff/logout-everywhere', async (c) => {
  const me = requireStaff(c);
  await tenantTx(c, async (tx) => {
    const ended = await endAllSessions(tx, c.var.tenant.code, 'staff', me.id);
    await audit(c, tx, { action: 'staff.sign_out_everywhere', recordType: 'staff_user', recordId: me.id, details: { sessionsEnded: ended } });
  });
  clearStaffCookie(c);
  return seeOther(c, '/staff/login?signed_out=all');
});
