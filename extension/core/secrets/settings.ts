// The `secrets` block of baton.config.json: an allowlist by regex or path, detectors
// turned off, and the entropy the generic detector asks for.

export const SECRET_KINDS = [
  'private-key',
  'aws',
  'alibaba',
  'tencent',
  'github',
  'gitlab',
  'jwt',
  'vault',
  'kubeconfig',
  'connection-string',
  'password',
  'table',
  'generic',
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretsConfig {
  allowlist: {
    /** A finding is allowed when one of these matches the secret or the line holding it. */
    regexes: string[];
    /** Globs, relative to the repository root, of files the check skips. */
    paths: string[];
  };
  /** Detectors turned off, by kind. */
  disable: SecretKind[];
  /** Bits of entropy per character a value next to a secret-ish word needs to be flagged. */
  genericEntropy: number;
}

export const DEFAULT_SECRETS: SecretsConfig = {
  allowlist: { regexes: [], paths: [] },
  disable: [],
  genericEntropy: 3.5,
};

/** Fills what a repository's config leaves out with the defaults. */
export function mergeSecrets(partial: Partial<SecretsConfig> | undefined): SecretsConfig {
  return {
    allowlist: {
      regexes: partial?.allowlist?.regexes ?? DEFAULT_SECRETS.allowlist.regexes,
      paths: partial?.allowlist?.paths ?? DEFAULT_SECRETS.allowlist.paths,
    },
    disable: partial?.disable ?? DEFAULT_SECRETS.disable,
    genericEntropy: partial?.genericEntropy ?? DEFAULT_SECRETS.genericEntropy,
  };
}
