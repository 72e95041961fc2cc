/**
 * A period review document written for the tests (a fictional city): one file holding the
 * finished 第2期 — its KPIs with yearly results and the city's grades, and per measure its
 * 施策の概要, 主な取組 and 総括 — on the left, and the next 第3期 beside it on the right (its KPIs
 * with their new baselines and targets, its 施策の概要 and 主な取組), the layout municipalities
 * publish when they draft the next period from a review of the last.
 */
const KPI_HEADER = (role: string) => [
  role,
  `第2期 ${role === '数値目標' ? '数値目標' : 'KPI'}`,
  'H30基準値',
  'R2実績',
  'R5実績',
  'R6目標値',
  '評価 (R6.4現在)',
  role,
  `第3期 (R7-11) ${role === '数値目標' ? '数値目標' : 'KPI'}`,
  'R5基準値',
  'R11目標値',
];
const TEXT_HEADER = [
  '【具体的な施策】',
  '【施策の概要】',
  '【主な取組】',
  '【総括 (R6.3現在)】',
  '【施策の概要】',
  '【主な取組】',
];
const line = (...cells: string[]) => cells.join('\t');

/** The lines of the document (tab-separated, as a PDF's text comes out). */
export const TWO_PERIOD_LINES = [
  '第3期 架空台市総合戦略の策定に係る調査表',
  '基本目標1 しごとをつくる',
  line(...KPI_HEADER('数値目標')),
  line('', '市内事業所数', '100所', '98所', '99所', '110所', 'B', '', '市内事業所数', '99所', '105所'),
  '施策大項目1(1) 創業の支援',
  line(...KPI_HEADER('重要業績評価指標 (KPI)')),
  line('', '創業相談件数', '50件', '60件', '85件', '80件', 'A+', '', '創業相談件数', '85件', '95件'),
  line('', '空き店舗活用数', '3件', '4件', '5件', '10件', 'C', '', '削除', '', ''),
  line(...TEXT_HEADER),
  line(
    '①創業相談の充実',
    '相談窓口を置き創業を支える。',
    '窓口の運営',
    '相談は目標を超えたが空き店舗の活用は進まなかった。',
    '相談を予約制にして待ち時間をなくす。',
    '予約制の窓口',
  ),
  '基本目標2 ひとをよぶ',
  line(...KPI_HEADER('数値目標')),
  line('', '転入者数', '900人', '850人', '880人', '950人', 'B', '', '転入者数', '880人', '950人'),
  '施策大項目2(1) 移住の促進',
  line(...KPI_HEADER('重要業績評価指標 (KPI)')),
  line('', '移住相談件数', '20件', '25件', '38件', '40件', 'A-', '', '移住相談件数', '38件', '60件'),
  line('', '', '', '', '', '', '', '', 'お試し住宅の利用者数', '0人', '30人'),
  line(...TEXT_HEADER),
  line(
    '①移住相談の強化',
    '移住の相談に一か所で応じる。',
    '移住相談会',
    '相談会を年二回開き相談件数はほぼ目標に届いた。',
    'お試し住宅で暮らしを体験してもらう。',
    'お試し住宅の運営',
  ),
];

/**
 * The same kind of document (another fictional city) whose measure table heads its columns with
 * the periods' names instead of field words: 【第2期(R2-6)】 holds the finished period's review and
 * 【第3期(R7-11)の展開】 (written once per cell it covers) the next period's texts, and one header
 * cell holds two labels (【施策の概要】 【主な取組】), as text taken from a printed page has it.
 */
export const PERIOD_COLUMN_LINES = [
  '第3期 架空浜市総合戦略の策定に係る調査表',
  '基本目標1 まちを支える',
  '施策大項目1(1) 健康づくりの推進',
  line(...KPI_HEADER('重要業績評価指標 (KPI)')),
  line('', '健診受診者数', '400人', '420人', '450人', '480人', 'A-', '', '健診受診者数', '450人', '520人'),
  line('', '教室参加者数', '30人', '32人', '41人', '45人', 'A-', '', '教室参加者数', '41人', '50人'),
  line(
    '【具体的な施策】',
    '【施策の概要】 【主な取組】',
    '【第2期(R2-6)】',
    '【第3期(R7-11)の展開】',
    '【第3期(R7-11)の展開】',
    '【第3期(R7-11)の展開】',
    'R5担当課',
    '備考',
  ),
  line(
    '①健診の充実',
    '健診を受けやすくする。',
    '・休日健診',
    '休日健診を始め受診者は目標に近づいた。',
    '【施策の概要】 健診の案内を個別に送る。',
    '【主な取組】 ・個別案内',
    '保健課',
    '継続',
  ),
];
