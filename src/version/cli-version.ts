// Factory's LATEST file holds one version, `0.27.4` or `v0.27.4` (Homebrew's livecheck for the droid cask reads the
// same file with /v?(\d+(?:\.\d+)+)/). Anything else is refused rather than put into a header.
const LATEST = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
const CLI_PRODUCT = /factory-cli\/[^\s]+/;

/** The version in a LATEST body, or undefined when the body is not exactly one version. */
export function parseLatestVersion(body: string): string | undefined {
  return LATEST.exec(body.trim())?.[1];
}

/** `factory-cli/0.27.1` with its version replaced; a user agent without a `factory-cli/` product is left alone. */
export function withCliVersion(userAgent: string, version: string): string {
  return userAgent.replace(CLI_PRODUCT, `factory-cli/${version}`);
}

export function hasCliProduct(userAgent: string): boolean {
  return CLI_PRODUCT.test(userAgent);
}
