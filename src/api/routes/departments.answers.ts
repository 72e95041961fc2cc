/**
 * Answer schemas of the department routes (担当課), beside the routes (see answers.ts).
 */
import { z } from 'zod';

/** A department with its names over time (課名変更). */
export const departmentAnswer = z.strictObject({
  id: z.string(),
  municipalityId: z.string(),
  name: z.string(),
  names: z.array(
    z.strictObject({
      name: z.string(),
      fromYear: z.number().int().nullable(),
      toYear: z.number().int().nullable(),
    }),
  ),
  version: z.number().int(),
});
export const departmentsAnswer = z.array(departmentAnswer);

export type DepartmentAnswer = z.output<typeof departmentAnswer>;
