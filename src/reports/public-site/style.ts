/** The public site's one style sheet: readable at 320 px and at 200 % zoom, visible focus, no web fonts. */
export const STYLE = `*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,"Hiragino Sans","Yu Gothic UI","Meiryo",sans-serif;line-height:1.7;color:#1a1a1a;background:#fff}
a{color:#0b57a4}
a:visited{color:#5a2d91}
a:focus-visible,[tabindex]:focus-visible{outline:3px solid #c25400;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:0}
header.site{background:#f2f5f8;border-bottom:1px solid #c8d1da;padding:.5rem 1rem}
header.site ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.site-name{margin:0 0 .25rem;font-weight:bold;font-size:1.1rem}
.site-name a{color:#1a1a1a;text-decoration:none}
.crumbs ol{list-style:none;margin:0;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem}
.crumbs li+li::before{content:"›";margin-right:.25rem;color:#555}
main{display:block;max-width:72rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
h1{font-size:1.6rem;line-height:1.4;margin:.5rem 0 1rem}
h2{font-size:1.3rem;line-height:1.4;margin:2rem 0 .75rem;border-bottom:2px solid #c8d1da}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .5rem}
p,dd,li,td,th{overflow-wrap:anywhere}
.note{color:#4a4a4a;font-size:.9rem}
.facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.25rem 1rem}
.facts dt{font-weight:bold}
.facts dd{margin:0}
@media (max-width:30rem){.facts{grid-template-columns:1fr}.facts dd{margin:0 0 .5rem}}
.scroll{overflow-x:auto;max-width:100%;margin:0 0 1rem}
table{border-collapse:collapse;min-width:100%}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #c8d1da;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef2f6}
td.num{text-align:right;white-space:nowrap}
.bar{display:inline-block;height:.6rem;background:#5b7083;margin-right:.4rem;vertical-align:middle;max-width:6rem}
.status{display:inline-block;border:2px solid #555;border-radius:.3rem;padding:0 .4rem;background:#fff;white-space:nowrap}
.shape{font-size:.9em}
.big .status{font-size:1.2rem}
.measure{margin-left:0;border-left:3px solid #c8d1da;padding-left:.75rem;margin-bottom:1rem}
.measure.depth-1{margin-left:1rem}.measure.depth-2,.measure.depth-3{margin-left:2rem}
.project{margin-left:1rem}
ul.indicators{padding-left:1.25rem}
ul.cards{list-style:none;padding:0}
ul.cards li{border:1px solid #c8d1da;border-radius:.3rem;padding:.5rem .75rem;margin:.5rem 0}
svg.chart{width:100%;max-width:40rem;height:auto;display:block;font-size:13px}
svg.chart text{fill:#333}
svg.chart .grid{stroke:#dde3e9}
svg.chart .axis{stroke:#555}
svg.chart polyline.actual{fill:none;stroke:#0b57a4;stroke-width:2.5}
svg.chart circle.actual{fill:#0b57a4}
svg.chart .plan{stroke:#555;stroke-width:1.5;stroke-dasharray:6 4}
svg.chart .baseline{fill:#555}
svg.chart .target{fill:#b35900}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
.key{margin-right:.25rem}.key.actual{color:#0b57a4}.key.target{color:#b35900}
.opinion{border:1px solid #c8d1da;border-radius:.3rem;padding:.5rem .75rem;margin:.75rem 0}
.opinion dt,.commentary dt{font-weight:bold}
.opinion dd,.commentary dd{margin:0 0 .5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer.site{border-top:1px solid #c8d1da;padding:1rem;font-size:.9rem;color:#4a4a4a}
@media print{header.site nav,.skip{display:none}}
`;
