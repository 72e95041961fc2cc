/**
 * Project tables (事務事業): the project matrix (projects × basic goals / viewpoints with ● marks,
 * SDG numbers over several cells, a 重点 column), the priority list linked to it by 一覧No., and
 * project sheets (個票: key–value blocks with 事業名 / 事業主体 / 期間 / 成果目標 / KPI /
 * 実績・予定). Legends (`1:住民の愛着心の深化 2:認知度の上昇`) name the tags of a group.
 */

export { projectDepartments, splitPlanResults } from './project-finish.ts';
export { buildLegend, isLegend, readEnumeration } from './project-legend.ts';
export { buildMatrixRows } from './project-matrix.ts';
export { buildPriorityRows } from './project-priority.ts';
export { buildProjectSheet, buildSheetRows } from './project-sheet.ts';
export { splitNameValue } from './sheet-name-value.ts';
