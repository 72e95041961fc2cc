import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { strategyDocumentJsonSchema } from '../../core/interchange.ts';
import { type Command, EXIT_OK, write } from '../io.ts';

export const command: Command = {
  name: 'schema',
  summary: '交換形式の JSON Schema を出力 / print the JSON Schema of the interchange format',
  usage: 'sousei schema [--out FILE]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
    const text = `${JSON.stringify(strategyDocumentJsonSchema(), null, 2)}\n`;
    if (values.out) await writeFile(values.out, text);
    else await write(io.stdout, text);
    return EXIT_OK;
  },
};
