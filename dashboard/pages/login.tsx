import type { Translate } from '../i18n.ts';

/** The sign-in form; `next` is where to go after logging in (a same-site path, checked by the handler). */
export function LoginPage(props: {
  t: Translate;
  failed: boolean;
  next: string;
  username?: string;
  /** Set when logins are refused for a while after too many failures. */
  retryAfterSeconds?: number;
}) {
  const { t } = props;
  return (
    <section class="card login">
      <h1>{t('loginTitle')}</h1>
      {props.failed ? (
        <p class="flash error" role="alert" data-testid="login-error">
          {props.retryAfterSeconds === undefined
            ? t('loginFailed')
            : t('loginLimited').replace('{minutes}', String(Math.ceil(props.retryAfterSeconds / 60)))}
        </p>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={props.next} />
        <label>
          {t('username')}
          <input
            name="username"
            autocomplete="username"
            required
            maxlength={100}
            value={props.username ?? ''}
          />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" required maxlength={200} />
        </label>
        <button type="submit">{t('login')}</button>
      </form>
    </section>
  );
}
