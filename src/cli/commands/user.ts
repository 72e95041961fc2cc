import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../services/access.ts';
import { DEFAULT_AUTH } from '../../services/accounts/auth-config.ts';
import { createAccount } from '../../services/accounts/users.ts';
import { systemContext } from '../../services/context.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, readAll, write } from '../io.ts';

export const command: Command = {
  name: 'user',
  summary:
    '利用者を追加 (最初の管理者もこれで作成。パスワードは標準入力から) / add a user (password read from stdin)',
  usage:
    'sousei user add --role admin|planner|editor|committee|viewer --user NAME [--name 表示名] [--municipality ID] [--department ID ...] [--db FILE]  (password on stdin)',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'add') {
      await write(io.stderr, `usage: ${this.usage}\n`);
      return EXIT_USAGE;
    }
    let values: {
      role?: string;
      user?: string;
      name?: string;
      municipality?: string;
      department?: string[];
      db?: string;
    };
    try {
      values = parseArgs({
        args: rest,
        options: {
          role: { type: 'string' },
          user: { type: 'string' },
          name: { type: 'string' },
          municipality: { type: 'string' },
          department: { type: 'string', multiple: true },
          db: { type: 'string' },
        },
        strict: true,
      }).values;
    } catch (err) {
      await write(io.stderr, `sousei user: ${(err as Error).message}\nusage: ${this.usage}\n`);
      return EXIT_USAGE;
    }
    if (!values.role || !(ROLES as readonly string[]).includes(values.role) || !values.user) {
      await write(
        io.stderr,
        `sousei user: --role と --user が必要です / --role and --user are required\nusage: ${this.usage}\n`,
      );
      return EXIT_USAGE;
    }
    // The password comes from stdin (never from argv: it would show in the process list).
    const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
    const handle = await openDb(configFromEnv(process.env, values.db));
    try {
      const r = await createAccount(handle.db, DEFAULT_AUTH, systemContext(), {
        userName: values.user,
        name: values.name ?? values.user,
        password,
        role: values.role as Role,
        municipalityId: values.municipality ?? null,
        departmentIds: values.department ?? [],
      });
      if (!r.ok) {
        await write(io.stderr, `sousei user: ${r.error.message} / ${r.error.messageEn}\n`);
        return EXIT_FAILURE;
      }
      await write(io.stdout, `${JSON.stringify(r.value)}\n`);
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
