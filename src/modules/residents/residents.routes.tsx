/**
 * Resident sign-in and マイページ:
 *   GET  /login                 the sign-in chooser (card first, e-mail code second)
 *   GET  /auth/card/start       begin sign-in with the My Number Card (a link, not a form)
 *   GET  /auth/card/callback    the national sign-in returns here
 *   POST /auth/email            send a one-time code
 *   GET  /auth/email/verify     the code form; POST checks the code
 *   GET  /mypage                who is signed in (audited read of personal data)
 *   POST /logout                end the session
 */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { consumeFlow, countFailedAttempt, createFlow, endSession, readFlow } from '../../platform/auth/index.ts';
import { AppError, isAppError, type FieldError } from '../../platform/errors/index.ts';
import { audit, clientIp, cookieNames, isSecure, pageContext, rateLimit, safeNext, seeOther, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { bilingual, type Text } from '../../platform/i18n/index.ts';
import { emailField, ruleMessage, normalizeDigits, parseInput } from '../../platform/validation/index.ts';
import { beginCardSignIn, completeCardSignIn, relyingParty, type CardFlowState } from './card-sign-in.ts';
import { CODE_TTL_MINUTES, codeMail, codeMatches, generateCode, MAX_CODE_ATTEMPTS, type EmailFlowState } from './email-sign-in.ts';
import { loadIdpClient } from './idp-client.ts';
import { residentMessages as m } from './residents.messages.ts';
import { requireResident } from './residents.policy.ts';
import { emailBlindIndex, readResidentProfile, recordCardResident, recordEmailResident, startResidentSession } from './residents.service.ts';
import { MyPage } from './views/mypage.tsx';
import { LoginPage, SignInProblemPage, VerifyCodePage } from './views/sign-in.tsx';

const CARD_FLOW = 'resident-card';
const EMAIL_FLOW = 'resident-email';
const CARD_FLOW_MINUTES = 10;
const FIFTEEN_MINUTES = 15 * 60;
// Per-address limits stop mail bombing; per-IP limits stay generous because a library or city-hall
// kiosk puts many residents behind one address.

// Control characters pass the platform's e-mail rule; they never belong in an address.
const EmailForm = z.object({ email: emailField() });
const CodeForm = z.object({
  code: z
    .string()
    .transform(normalizeDigits)
    .pipe(z.string().min(1).refine((s) => /^\d{6}$/.test(s), ruleMessage(m.codeFormat))),
});

export const residentRoutes = new Hono<AppEnv>();

// ---- cookies -------------------------------------------------------------------------------

function flowCookieName(c: Ctx, kind: 'card' | 'email'): string {
  return `${isSecure(c.var.tenant.origin) ? '__Host-' : ''}yakuba-${kind}-flow`;
}

function setFlowCookie(c: Ctx, kind: 'card' | 'email', handle: string, minutes: number) {
  setCookie(c, flowCookieName(c, kind), handle, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c.var.tenant.origin), maxAge: minutes * 60 });
}

function clearFlowCookie(c: Ctx, kind: 'card' | 'email') {
  if (getCookie(c, flowCookieName(c, kind)) !== undefined) deleteCookie(c, flowCookieName(c, kind), { path: '/', secure: isSecure(c.var.tenant.origin) });
}

function setSessionCookie(c: Ctx, sessionId: string) {
  const secure = isSecure(c.var.tenant.origin);
  setCookie(c, cookieNames(secure).resident, sessionId, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
}

function clearSessionCookie(c: Ctx) {
  const secure = isSecure(c.var.tenant.origin);
  deleteCookie(c, cookieNames(secure).resident, { path: '/', secure });
}

// ---- helpers -------------------------------------------------------------------------------

const field = (v: unknown, max = 1024): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** A safe page to return to after sign-in; sign-in pages themselves are excluded (no loops). */
function nextParam(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 2000) return null;
  const next = safeNext(v, '');
  return next && !/^\/(auth|login|logout)(\/|\?|$)/.test(next) ? next : null;
}

const sessionPolicy = (c: Ctx) => ({ idleMinutes: c.var.deps.config.RESIDENT_IDLE_MINUTES, maxHours: c.var.deps.config.SESSION_MAX_HOURS });
const callbackUri = (c: Ctx) => `${c.var.tenant.origin}/auth/card/callback`;

function problem(c: Ctx, p: { title: Text; message: Text; retry?: Text; next: string | null }, status: 200 | 400) {
  return c.html(<SignInProblemPage ctx={pageContext(c)} title={p.title} message={p.message} retryLabel={p.retry ?? m.tryAgain} next={p.next} />, status);
}

function rethrowUnlessInvalid(err: unknown): FieldError[] {
  if (isAppError(err) && err.code === 'validation_failed') return err.fields;
  throw err;
}

// ---- the sign-in chooser -------------------------------------------------------------------

residentRoutes.get('/login', (c) =>
  c.html(
    <LoginPage
      ctx={pageContext(c)}
      next={nextParam(c.req.query('next'))}
      expired={c.req.query('expired') === '1' || c.var.sessionEnded === 'expired'}
      signedOut={c.req.query('signedout') === '1'}
    />,
  ),
);

// ---- My Number Card ------------------------------------------------------------------------

residentRoutes.get('/auth/card/start', async (c) => {
  await rateLimit(c, { bucket: `resident-card:ip:${clientIp(c)}`, max: 60, windowSeconds: FIFTEEN_MINUTES });
  const client = await tenantTxWithCipher(c, (tx, cipher) => loadIdpClient(tx, cipher));
  if (!client) throw new AppError('unavailable', { message: m.cardNotConfigured });
  const rp = await relyingParty(client, c.var.deps.config, c.var.log);
  const { flow, url } = await beginCardSignIn(rp, callbackUri(c), nextParam(c.req.query('next')));
  const handle = await tenantTxWithCipher(c, (tx, cipher) => createFlow(tx, cipher, CARD_FLOW, flow, CARD_FLOW_MINUTES));
  setFlowCookie(c, 'card', handle, CARD_FLOW_MINUTES);
  c.header('Cache-Control', 'no-store');
  return c.redirect(url.href, 303);
});

residentRoutes.get('/auth/card/callback', async (c) => {
  const handle = getCookie(c, flowCookieName(c, 'card'));
  clearFlowCookie(c, 'card');
  // One flow, one callback: the flow is used up whatever happens next (no replays).
  const flow = await tenantTxWithCipher(c, async (tx, cipher) => {
    const found = await readFlow<CardFlowState>(tx, cipher, CARD_FLOW, handle);
    if (found) await consumeFlow(tx, cipher.tenant, found.idHash);
    return found?.data ?? null;
  });
  if (!flow) return problem(c, { title: m.cardExpiredTitle, message: m.cardExpired, next: null }, 400);

  // No transaction is held while talking to the identity provider.
  const client = await tenantTxWithCipher(c, (tx, cipher) => loadIdpClient(tx, cipher));
  if (!client) throw new AppError('unavailable', { message: m.cardNotConfigured });
  const rp = await relyingParty(client, c.var.deps.config, c.var.log);
  const callbackUrl = new URL(callbackUri(c));
  callbackUrl.search = new URL(c.req.url).search;
  const outcome = await completeCardSignIn(rp, callbackUrl, flow);

  if (!outcome.ok) {
    c.var.log.warn({ reason: outcome.reason }, 'card sign-in did not complete');
    await tenantTx(c, (tx) => audit(c, tx, { action: 'resident.sign_in_failed', details: { method: 'card', problem: outcome.problem, reason: outcome.reason.slice(0, 200) } }));
    return outcome.problem === 'cancelled'
      ? problem(c, { title: m.cancelledTitle, message: m.cancelled, next: flow.next }, 200)
      : problem(c, { title: m.cardFailedTitle, message: m.cardFailed, next: flow.next }, 400);
  }

  const sessionId = await tenantTxWithCipher(c, async (tx, cipher) => {
    const residentId = await recordCardResident(tx, cipher, outcome.identity);
    const id = await startResidentSession(tx, cipher.tenant, { residentId, assurance: 2, previousSessionIdHash: c.var.residentSession?.idHash ?? null }, sessionPolicy(c));
    await audit(c, tx, { action: 'resident.sign_in', actorKind: 'resident', actorId: residentId, recordType: 'resident', recordId: residentId, details: { method: 'card', assurance: 2 } });
    return id;
  });
  setSessionCookie(c, sessionId);
  return seeOther(c, safeNext(flow.next, '/mypage'));
});

// ---- e-mail one-time code ------------------------------------------------------------------

residentRoutes.get('/auth/email', (c) => seeOther(c, '/login'));

residentRoutes.post('/auth/email', async (c) => {
  const body = await c.req.parseBody();
  const typed = field(body.email);
  const next = nextParam(body.next);
  let email: string;
  try {
    ({ email } = parseInput(EmailForm, { email: typed }, { email: m.emailLabel }));
  } catch (err) {
    return c.html(<LoginPage ctx={pageContext(c)} next={next} email={typed} errors={rethrowUnlessInvalid(err)} />, 400);
  }
  await rateLimit(c, { bucket: `resident-email:ip:${clientIp(c)}`, max: 30, windowSeconds: FIFTEEN_MINUTES });
  const bidx = await tenantTxWithCipher(c, async (_tx, cipher) => emailBlindIndex(cipher, email));
  await rateLimit(c, { bucket: `resident-email:address:${bidx}`, max: 5, windowSeconds: FIFTEEN_MINUTES });

  // Known or not, every address gets a code and the same response: nothing reveals who has an account.
  const code = generateCode();
  const handle = await tenantTxWithCipher(c, (tx, cipher) => createFlow<EmailFlowState>(tx, cipher, EMAIL_FLOW, { email, code, next }, CODE_TTL_MINUTES));
  try {
    await c.var.deps.mailer.send(codeMail(c.var.tenant, email, code));
  } catch (err) {
    c.var.log.error({ err }, 'sign-in code e-mail could not be sent');
    throw new AppError('unavailable', { message: m.mailUnavailable, cause: err });
  }
  setFlowCookie(c, 'email', handle, CODE_TTL_MINUTES);
  return seeOther(c, '/auth/email/verify');
});

residentRoutes.get('/auth/email/verify', async (c) => {
  const flow = await tenantTxWithCipher(c, (tx, cipher) => readFlow<EmailFlowState>(tx, cipher, EMAIL_FLOW, getCookie(c, flowCookieName(c, 'email'))));
  if (!flow) return problem(c, { title: m.codeExpiredTitle, message: m.codeExpired, retry: m.requestNewCode, next: null }, 200);
  c.header('Cache-Control', 'no-store');
  return c.html(<VerifyCodePage ctx={pageContext(c)} email={flow.data.email} />);
});

residentRoutes.post('/auth/email/verify', async (c) => {
  const body = await c.req.parseBody();
  const typed = field(body.code, 100);
  const handle = getCookie(c, flowCookieName(c, 'email'));
  await rateLimit(c, { bucket: `resident-code:ip:${clientIp(c)}`, max: 60, windowSeconds: FIFTEEN_MINUTES });

  let code: string | null = null;
  let invalid: FieldError[] = [];
  try {
    ({ code } = parseInput(CodeForm, { code: typed }, { code: m.codeLabel }));
  } catch (err) {
    invalid = rethrowUnlessInvalid(err);
  }

  const result = await tenantTxWithCipher(c, async (tx, cipher) => {
    const flow = await readFlow<EmailFlowState>(tx, cipher, EMAIL_FLOW, handle);
    if (!flow) return { kind: 'expired' } as const;
    // A malformed entry is not a guess and does not use up a try.
    if (code === null) return { kind: 'invalid', email: flow.data.email, errors: invalid } as const;
    if (flow.attempts >= MAX_CODE_ATTEMPTS) {
      await consumeFlow(tx, cipher.tenant, flow.idHash);
      return { kind: 'too_many' } as const;
    }
    if (!codeMatches(flow.data, code)) {
      const attempts = await countFailedAttempt(tx, cipher.tenant, flow.idHash);
      if (attempts >= MAX_CODE_ATTEMPTS) {
        await consumeFlow(tx, cipher.tenant, flow.idHash);
        return { kind: 'too_many' } as const;
      }
      const errors: FieldError[] = [{ field: 'code', message: bilingual(m.codeWrong, { left: MAX_CODE_ATTEMPTS - attempts }) }];
      return { kind: 'invalid', email: flow.data.email, errors } as const;
    }
    await consumeFlow(tx, cipher.tenant, flow.idHash);
    const residentId = await recordEmailResident(tx, cipher, flow.data.email);
    const sessionId = await startResidentSession(tx, cipher.tenant, { residentId, assurance: 1, previousSessionIdHash: c.var.residentSession?.idHash ?? null }, sessionPolicy(c));
    await audit(c, tx, { action: 'resident.sign_in', actorKind: 'resident', actorId: residentId, recordType: 'resident', recordId: residentId, details: { method: 'email', assurance: 1 } });
    return { kind: 'signed_in', sessionId, next: flow.data.next } as const;
  });

  switch (result.kind) {
    case 'invalid':
      return c.html(<VerifyCodePage ctx={pageContext(c)} email={result.email} code={typed} errors={result.errors} />, 400);
    case 'expired':
      clearFlowCookie(c, 'email');
      return problem(c, { title: m.codeExpiredTitle, message: m.codeExpired, retry: m.requestNewCode, next: null }, 400);
    case 'too_many':
      clearFlowCookie(c, 'email');
      return problem(c, { title: m.tooManyTitle, message: m.tooMany, retry: m.requestNewCode, next: null }, 400);
    case 'signed_in':
      clearFlowCookie(c, 'email');
      setSessionCookie(c, result.sessionId);
      return seeOther(c, safeNext(result.next, '/mypage'));
  }
});

// ---- マイページ and sign-out ----------------------------------------------------------------

residentRoutes.get('/mypage', async (c) => {
  const { residentId, assurance } = requireResident(c);
  const profile = await tenantTxWithCipher(c, async (tx, cipher) => {
    const found = await readResidentProfile(tx, cipher, cipher.tenant, residentId);
    if (found) await audit(c, tx, { action: 'resident.read', recordType: 'resident', recordId: residentId, reason: 'mypage' });
    else await endSession(tx, cipher.tenant, c.var.residentSession!.idHash);
    return found;
  });
  if (!profile) {
    clearSessionCookie(c);
    throw new AppError('unauthenticated');
  }
  c.header('Cache-Control', 'no-store');
  return c.html(<MyPage ctx={pageContext(c)} profile={profile} sessionAssurance={assurance} />);
});

residentRoutes.post('/logout', async (c) => {
  const session = c.var.residentSession;
  if (session) {
    await tenantTx(c, async (tx) => {
      await endSession(tx, c.var.tenant.code, session.idHash);
      await audit(c, tx, { action: 'resident.sign_out', recordType: 'resident', recordId: session.subjectId });
    });
  }
  clearSessionCookie(c);
  return seeOther(c, '/login?signedout=1');
});
