import { VERSION } from '../version.ts';
import { commands } from './commands/index.ts';
import { type CliIo, EXIT_USAGE, write } from './io.ts';

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    await write(io.stdout, await helpText());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === 'version' || name === '-v') {
    await write(io.stdout, `sousei ${VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    await write(
      io.stderr,
      `sousei: 不明なコマンド「${name}」です / unknown command '${name}'. 'sousei help' で一覧を表示します.\n`,
    );
    return EXIT_USAGE;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e?.code?.startsWith('ERR_PARSE_ARGS')) {
      await write(io.stderr, `sousei ${name}: ${e.message}\n使い方 / usage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

async function helpText(): Promise<string> {
  const lines = [
    `Sousei ${VERSION} — 地方版総合戦略の進捗管理 / regional revitalization strategy PDCA`,
    '',
    'コマンド / commands:',
  ];
  for (const load of Object.values(commands)) {
    const c = await load();
    lines.push(`  ${c.usage}`, `      ${c.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

const isEntry = process.argv[1] && /(?:sousei(?:\.m?js)?|main\.ts)$/.test(process.argv[1]);
if (isEntry) {
  // A closed pipe (`sousei ... | head`) ends the output quietly, as Unix tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`sousei: 予期しないエラー / unexpected error: ${err?.stack ?? err}\n`);
      process.exitCode = 1;
    },
  );
}
