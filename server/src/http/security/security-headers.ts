import type { RequestHandler } from 'express';

/**
 * Browser-facing hardening on every response. The CSP allows only same-origin scripts, styles and images
 * (the verification portal and console are served by us), no plugins, no framing (clickjacking of the
 * approval and signing pages), no <base> rewriting. API answers are never cached: they carry tokens,
 * keys shown once and personal data.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The same policy, allowing one inline style block by its hash: for a self-contained page (the
 * readable verification report) whose only style is that block. Scripts stay forbidden.
 */
export function contentSecurityPolicyAllowingStyle(styleHash: string): string {
  return CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' '${styleHash}'`);
}

export interface SecurityHeaderOptions {
  /**
   * 'auto' sends HSTS only on requests that arrived over TLS (req.secure, which honours `trust proxy`);
   * 'always' when TLS is terminated by something that does not forward the scheme; 'never' for plain HTTP labs.
   */
  hsts: 'auto' | 'always' | 'never';
  apiBasePath: string;
}

export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.hsts === 'always' || (options.hsts === 'auto' && req.secure)) {
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    if (req.path.startsWith(options.apiBasePath)) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
