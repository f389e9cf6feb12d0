// The no-secrets corpus: samples that must be flagged (one per kind, with Chinese variants)
// and samples that must pass. Secrets are generated from a seeded generator when the tests
// run, so the repository never holds a string a secret scanner would take for a real key.
import type { SecretKind } from '../../../extension/core/secrets/settings';
import { random } from './samples';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

export class SecretFactory {
  private readonly next: () => number;
  constructor(seed = 20260914) {
    // mulberry32: small, seeded, good enough to look random to an entropy check.
    this.next = random(seed).next;
  }
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  /** A string of `length` from `alphabet` holding at least one character of each class given. */
  mixed(alphabet: string, length: number, ...must: string[]): string {
    for (;;) {
      const s = this.chars(alphabet, length);
      if (must.every((m) => [...m].some((c) => s.includes(c)))) return s;
    }
  }
  base64Lines(lines: number, width = 64): string {
    return Array.from({ length: lines }, () => this.chars(B64, width)).join('\n');
  }
}

export interface FlagSample {
  name: string;
  kind: SecretKind;
  /** The Markdown body holding the secret. */
  body: string;
  /** The secret as the finding's range must cover it (for a private key, the whole block). */
  secret: string;
}

export interface PassSample {
  name: string;
  body: string;
}

export function mustFlag(f = new SecretFactory()): FlagSample[] {
  const samples: FlagSample[] = [];
  const add = (name: string, kind: SecretKind, secret: string, body: (s: string) => string, covered = secret) => samples.push({ name, kind, body: body(secret), secret: covered });

  const pem = `MIIEow${f.base64Lines(1, 58)}\n${f.base64Lines(6)}\n${f.chars(B64, 40)}==`;
  const rsaBlock = `-----BEGIN RSA PRIVATE KEY-----\n${pem}\n-----END RSA PRIVATE KEY-----`;
  add('private key in a code block', 'private-key', rsaBlock, (s) => `节点 SSH 私钥（误贴）：\n\n\`\`\`text\n${s}\n\`\`\`\n`);
  const openssh = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA${f.base64Lines(5, 70)}\n-----END OPENSSH PRIVATE KEY-----`;
  add('私钥（OpenSSH，中文说明）', 'private-key', openssh, (s) => `跳板机私钥如下，用完请删除：\n\n${s}\n`);

  const aws = `AKIA${f.mixed(UPPER + DIGITS, 16, UPPER, DIGITS)}`;
  add('AWS access key id', 'aws', aws, (s) => `The backup job uses access key ${s} for the archive bucket.`);
  const sts = `ASIA${f.mixed(UPPER + DIGITS, 16, UPPER, DIGITS)}`;
  add('AWS 临时凭证（中文）', 'aws', sts, (s) => `临时访问密钥 ID 为 ${s}，有效期 12 小时。`);

  const ali = `LTAI${f.mixed(ALNUM, 20, UPPER, LOWER, DIGITS)}`;
  add('阿里云 AccessKey ID', 'alibaba', ali, (s) => `| 云账号 | 用途 | AccessKey ID |\n|---|---|---|\n| 归档 | OSS 归档 | ${s} |\n`);
  const ali16 = `LTAI${f.mixed(ALNUM, 12, UPPER, LOWER, DIGITS)}`;
  add('Alibaba key in prose', 'alibaba', ali16, (s) => `Use ${s} for the OSS bucket.`);

  const tencent = `AKID${f.mixed(ALNUM, 32, UPPER, LOWER, DIGITS)}`;
  add('腾讯云 SecretId', 'tencent', tencent, (s) => `腾讯云 COS 使用 SecretId：${s}`);

  const ghp = `ghp_${f.mixed(ALNUM, 36, UPPER, LOWER, DIGITS)}`;
  add('GitHub personal access token', 'github', ghp, (s) => `git clone https://github.com/acme/ops.git  # token ${s}`);
  const ghpat = `github_pat_${f.mixed(ALNUM + '_', 82, UPPER, LOWER, DIGITS)}`;
  add('GitHub 细粒度令牌（中文）', 'github', ghpat, (s) => `CI 使用的 GitHub 令牌：\`${s}\``);

  const glpat = `glpat-${f.mixed(ALNUM + '-_', 20, UPPER, LOWER, DIGITS)}`;
  add('GitLab personal access token', 'gitlab', glpat, (s) => `export GITLAB_TOKEN=${s}`);
  const glrunner = `GR1348941${f.mixed(ALNUM + '-_', 20, UPPER, LOWER, DIGITS)}`;
  add('GitLab Runner 注册令牌（中文）', 'gitlab', glrunner, (s) => `Runner 注册：gitlab-runner register --registration-token ${s}`);

  const header = Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from(`{"sub":"zhaoliu","iss":"https://sso.example.cn/realms/tianshu","exp":1790000000,"jti":"${f.chars(ALNUM, 12)}"}`).toString('base64url');
  const jwt = `${header}.${payload}.${f.chars(B64URL, 86)}`;
  add('JWT in an Authorization header', 'jwt', jwt, (s) => `\`\`\`http\nGET /api/v1/search HTTP/1.1\nAuthorization: Bearer ${s}\n\`\`\`\n`);
  add('JWT（中文说明）', 'jwt', jwt, (s) => `调试时使用的访问令牌：${s}`);

  const hvs = `hvs.${f.mixed(ALNUM + '_-', 91, UPPER, LOWER, DIGITS)}`;
  add('Vault service token', 'vault', hvs, (s) => `vault login ${s}`);
  const legacy = `s.${f.mixed(ALNUM, 24, UPPER, LOWER, DIGITS)}`;
  add('Vault 旧版 root token（中文）', 'vault', legacy, (s) => `初始 root token 为 ${s}，已于当天吊销。`);

  const kubeToken = f.mixed(ALNUM, 48, UPPER, LOWER, DIGITS);
  add('kubeconfig token', 'kubeconfig', kubeToken, (s) => `\`\`\`yaml\nusers:\n- name: admin\n  user:\n    token: ${s}\n\`\`\`\n`);
  const keyData = `LS0tLS1CRUdJTi${f.chars(B64, 120)}`;
  add('kubeconfig client-key-data（中文）', 'kubeconfig', keyData, (s) => `集群管理员 kubeconfig 片段：\n\n\`\`\`yaml\n    client-key-data: ${s}\n\`\`\`\n`);
  const certData = `LS0tLS1CRUdJTi${f.chars(B64, 96)}`;
  add('kubeconfig client-certificate-data', 'kubeconfig', certData, (s) => `\`\`\`yaml\n    client-certificate-data: ${s}\n\`\`\`\n`);

  add('connection string (as in the issue)', 'connection-string', 'pass', (s) => `mysql://user:${s}@db.internal:3306/tianshu`);
  const dbpass = f.mixed(ALNUM + '!#%', 14, UPPER, LOWER, DIGITS);
  add('连接串中的口令（中文）', 'connection-string', dbpass, (s) => `报表库连接串：postgresql://report:${s}@10.20.1.15:5432/report`);

  const pw1 = `Tianshu@${f.chars(DIGITS, 4)}`;
  add('password: value', 'password', pw1, (s) => `password: ${s}`);
  const pw2 = `${f.mixed(ALNUM, 10, UPPER, LOWER, DIGITS)}!`;
  add('passwd= in a command', 'password', pw2, (s) => `\`\`\`bash\nmysql --host=db --user=root --passwd=${s}\n\`\`\`\n`);
  const pw3 = `Kc${f.chars(DIGITS, 3)}#${f.chars(LOWER, 4)}`;
  add('密码：值', 'password', pw3, (s) => `Keycloak 管理员密码：${s}`);
  const pw4 = `${f.mixed(ALNUM, 9, UPPER, LOWER, DIGITS)}`;
  add('口令：值', 'password', pw4, (s) => `堡垒机应急账号口令：${s}（请勿外传）`);
  const pw5 = `Bh${f.chars(DIGITS, 4)}@db`;
  add('初始密码为 …', 'password', pw5, (s) => `DBA 账号初始密码为 ${s}，首次登录后修改。`);
  add('DB_PASSWORD in env', 'password', 'admin123', (s) => `DB_PASSWORD="${s}"`);
  const pair = `Bh${f.mixed(ALNUM, 8, UPPER, LOWER, DIGITS)}`;
  add('用户名/密码：账号/口令', 'password', pair, (s) => `堡垒机用户名/密码：ops-admin/${s}`);
  add('user/password pair with spaces', 'password', 'changeme', (s) => `Default user/password: admin / ${s}`);

  const cell = `Gf${f.mixed(ALNUM, 8, UPPER, LOWER, DIGITS)}%`;
  add('password column', 'table', cell, (s) => `| system | account | password |\n|---|---|---|\n| Grafana | admin | ${s} |\n`);
  const cellZh = `${f.mixed(ALNUM, 12, UPPER, LOWER, DIGITS)}`;
  add('密码列（中文）', 'table', cellZh, (s) => `| 系统 | 账号 | 密码 |\n|---|---|---|\n| Keycloak | admin | \`${s}\` |\n| 数据库 | dba | 见 Vault 路径 secret/db/dba |\n`);
  const tokenCell = f.mixed(ALNUM, 20, UPPER, LOWER, DIGITS);
  add('token column', 'table', tokenCell, (s) => `| Service | Token |\n|---|---|\n| Harbor robot | ${s} |\n`);

  const api = f.mixed(ALNUM, 32, UPPER, LOWER, DIGITS);
  add('api_key next to a value', 'generic', api, (s) => `\`\`\`yaml\nalerting:\n  webhook_api_key: ${s}\n\`\`\`\n`);
  const akSecret = f.mixed(ALNUM, 30, UPPER, LOWER, DIGITS);
  add('AccessKey Secret（中文）', 'generic', akSecret, (s) => `阿里云 AccessKey Secret：${s}`);
  const miyao = f.mixed(ALNUM, 40, UPPER, LOWER, DIGITS);
  add('密钥 next to a value', 'generic', miyao, (s) => `对象存储访问密钥 ${s}`);
  return samples;
}

export const MUST_PASS: PassSample[] = [
  { name: 'Vault reference', body: '| 凭据 | 存放位置 |\n|---|---|\n| Kubernetes | `<vault:secret/k8s/admin>` |\n' },
  { name: 'masked password', body: 'password: ******\n\n密码：******' },
  { name: 'environment variable', body: 'password: ${DB_PASSWORD}\n\n`mysql://report:${DB_PASSWORD}@db:3306/report`\n\n`export PGPASSWORD=$PGPASSWORD`' },
  { name: '见 Vault 路径', body: '密码：见 Vault 路径 secret/tianshu/postgres/dba\n\n| 系统 | 密码 |\n|---|---|\n| 数据库 | 见 Vault 路径 secret/tianshu/postgres/dba |\n' },
  { name: 'TODO', body: 'password: TODO\n\n口令：TODO' },
  { name: 'account with a masked password', body: '账号/密码：admin/******\n\nuser/password: dba / <vault:secret/db/dba>\n\n| 系统 | 账号/密码 |\n|---|---|\n| 堡垒机 | ops/****** |\n' },
  { name: 'template slots', body: '```yaml\npassword: "{{ .Values.db.password }}"\ntoken: <token>\nclient-key-data: REDACTED\nclient-certificate-data: DATA+OMITTED\n```\n' },
  { name: 'prose about passwords (zh)', body: '由接收方本人重置密码并设置新密码，交付方不再知悉。口令复杂度与有效期按行内基线执行。密码：由 DBA 重置后存入 Vault。' },
  { name: 'prose about passwords (en)', body: 'Password: reset by the receiving party after the handover. The token is rotated every 30 days. password rotation is recorded in the audit log.' },
  { name: 'password policy table', body: '| 对象 | 密码策略 | 令牌 TTL |\n|---|---|---|\n| 管理员 | 16 位以上，90 天轮换 | 8h |\n' },
  { name: 'sha256 of a public artefact', body: 'Release tarball: `tianshu-2.4.1.tar.gz`, sha256 `9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08`.\n\nImage: `harbor.example.cn/tianshu/ingest@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae`' },
  { name: 'git commit and GPG fingerprint', body: '修复提交 `3f786850e387550fdab836ed7e6dc881de23001b`；公钥指纹 `4AEE18F83AFDEB23`，GPG key fingerprint: 5F4B 9A6C 3E21 7D88 0C1A  94B2 6E3D 1F07 8A5C 2B91' },
  { name: 'UUIDs', body: '请求 ID：550e8400-e29b-41d4-a716-446655440000\n\ntrace_id: 6f1c2a7e-9b3d-4e8a-8c2f-1d5b7a9e3c40' },
  { name: 'base64 image', body: `![拓扑图](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(8)})` },
  { name: 'Vault paths and policies', body: '支持团队可读 `database/creds/tianshu-readonly` 与 `secret/tianshu/kafka/ops`；令牌 TTL 8 小时；`vault token revoke -self`。' },
  { name: 'code that names secrets', body: '```yaml\nvault.hashicorp.com/agent-inject-secret-db: "database/creds/tianshu-readonly"\nsecretName: agent-cbk-app-017-tls\nimagePullSecrets:\n  - name: harbor-pull\n```\n' },
  { name: 'AWS documentation example key', body: 'The AWS docs use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY as examples.' },
  { name: 'placeholders of each kind', body: 'token: xxxxxxxxxxxxxxxxxxxxxxxx\n\nGitLab token: glpat-xxxxxxxxxxxxxxxxxxxx\n\nAuthorization: Bearer <token>\n\nmysql://<user>:<password>@<host>:3306/db\n\n`-----BEGIN PRIVATE KEY-----` … `-----END PRIVATE KEY-----`（略）' },
  { name: 'public key and certificate', body: '```text\n-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----\n-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----\n```\n' },
  { name: 'ClickHouse tokens in SQL', body: '```sql\nSELECT count() FROM logs WHERE hasToken(message, \'timeout\');\nINDEX idx_msg message TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 4\n```\n' },
  { name: 'a word after s.', body: 'See s.getElementsByTagNameNS in the DOM spec.' },
  { name: 'settings about passwords', body: '```yaml\npassword_policy: strong\npasswordSecretRef: db-credentials\nexistingSecretPasswordKey: db-password\nPASSWORD_FILE: /run/secrets/db\npassword_min_length: 12\n```\n' },
  { name: 'kubectl and password flags', body: '`kubectl create secret generic db --from-file=password=./db-pass.txt`\n\n`docker login --password-stdin harbor.example.cn`' },
];
