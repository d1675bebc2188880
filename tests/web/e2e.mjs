// The web interface in a real browser: Debian's chromium driven by playwright-core against a
// real `tdr serve`. Logs in, works through the approval queue (bulk approve, reject with a
// reason, a record's own actions), imports a file and reads the error report, opens a
// portfolio, computes and publishes a pay scheme. Screenshots go to the artefact directory.
//   node e2e.mjs BASE_URL ARTIFACT_DIR LOGIN PASSWORD
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

// One member of a ZIP file (an XLSX), found through the central directory.
function unzipMember(buf, name) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n -= 1) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (buf.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + extra + comment;
  }
  throw new Error(`no ${name} in the file`);
}
// The numeric cells of a worksheet by row: { row: { column letter: number } }.
function numericCells(xml) {
  const rows = {};
  for (const m of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*)>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v><\/c>/g)) {
    if (/t="(s|str|inlineStr|b|e)"/.test(m[3])) continue;
    (rows[m[2]] ||= {})[m[1]] = Number(m[4]);
  }
  return rows;
}

const [base, artifacts, login, password] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.TDR_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });  // a laptop; axe needs one
const page = await context.newPage();
const problems = [];
// Irreversible steps ask first: the dialogs are accepted and kept, to check what they said.
const dialogs = [];
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.accept(); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// The wrong password's 401 is expected; any other failed request or script error is not.
let expected404 = false;
page.on('console', (m) => {
  if (m.type() !== 'error' || m.text().includes('status of 401')) return;
  if (expected404 && m.text().includes('status of 404')) return;
  problems.push(`console: ${m.text()}`);
});
const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
// WCAG 2.1 A/AA rules axe-core can check, on the page as it is now; every violation is kept.
const accessibility = [];
const axe = async (where) => {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of r.violations)
    accessibility.push(`${where}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
};
let step = '';
const check = (ok, what) => { if (!ok) throw new Error(`${step}: ${what}`); };

try {
  step = 'log in (from a deep link, kept through the log-in)';
  await page.goto(`${base}/app/#/records/core.schools`);
  await page.waitForSelector('#login-form');
  await axe('log-in');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'wrong password!');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-error .banner.error');
  check((await page.textContent('#login-error')).includes('账号或密码错误'), 'bad password refused, in Chinese');
  await page.fill('input[name=password]', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav a');
  await page.waitForSelector('#list table');
  check(await page.evaluate(() => location.hash) === '#/records/core.schools', 'the deep link survived the log-in');
  check((await page.textContent('#who')).includes(login), 'the user is shown');
  // Another tab of the same browser is logged in too.
  const tab = await context.newPage();
  await tab.goto(`${base}/app/#/records/core.teachers`);
  await tab.waitForSelector('#list table');
  await page.goto(`${base}/app/#/`);
  check((await page.textContent('#nav')).includes('绩效工资'), 'Chinese navigation with performance pay');
  // The home page lists what needs doing, from the declared record actions: the pending hours.
  await page.waitForSelector('#todo ul.todo');
  const todo = await page.textContent('#todo');
  check(todo.includes('待审核') && todo.includes('4'), `the to-do list counts the pending hours: ${todo}`);
  await shot('1-home');
  await axe('1-home');
  // Each indicator shows with its count and opens its report on exactly the rows it counts
  // (those holding the declared column's value only).
  await page.waitForSelector('#todo a[href*="reports?name="]');
  const figures = await page.$$eval('#todo a[href*="reports?name="]', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
  for (const f of figures) {
    await page.goto(`${base}/app/${f.href}`);
    await page.waitForSelector('#out table, #out p.muted');
    const n = await page.$$eval('#out tbody tr', (trs) => trs.length);
    check(n === Number(f.text.match(/(\d+)\s*$/)[1]), `${f.text.trim()}: ${n} rows shown`);
  }

  step = 'records list built from the descriptors';
  await page.goto(`${base}/app/#/records/core.teachers`);
  await page.waitForSelector('#list table');
  check((await page.textContent('#list thead')).includes('工号'), 'Chinese field labels');
  await page.fill('#search input[name=q]', 'T00002');
  await page.click('#search button');
  await page.waitForFunction(() => location.hash.includes('q=T00002'));
  // The list is drawn again for the search (the table of before may still be on screen).
  await page.waitForFunction(() => document.querySelector('#list .pager span')?.textContent.includes('100'));
  check((await page.textContent('#list tbody')).includes('T00002'), 'search finds the teacher');
  await page.goto(`${base}/app/#/records/core.teachers`);
  await page.waitForSelector('#list table');
  await page.selectOption('#filter select[name=field]', 'home_school');
  await page.fill('#filter input[name=value]', 'XH0002');
  await page.click('#filter button');
  await page.waitForFunction(() => location.hash.includes('home_school=XH0002'));
  // Rows, and only XH0002's (not the empty table of a redraw in between).
  await page.waitForFunction(() => {
    const trs = [...document.querySelectorAll('#list tbody tr')];
    return trs.length > 0 && trs.every((tr) => tr.textContent.includes('XH0002'));
  });
  const rows = await page.$$eval('#list tbody tr', (trs) => trs.map((tr) => tr.textContent));
  check(rows.length > 0 && rows.every((r) => r.includes('XH0002')), 'the field filter applies');
  // References read as key and title (SDK 2.2 recordTitle): 学校代码 + 名称.
  const schoolName = await page.evaluate(async () => {
    const r = await fetch('/api/v1/core/schools?code=XH0002', { headers: { Authorization: `Bearer ${localStorage.getItem('tdr.token')}` } });
    return (await r.json()).items[0].name;
  });
  check(rows.every((r) => r.includes(`XH0002 ${schoolName}`)), `references show key and name: ${rows[0]}`);

  step = 'approval queue: approve two in bulk, reject one with a reason';
  await page.goto(`${base}/app/#/records/training.records`);
  await page.waitForSelector('#queue');
  await page.click('#queue');
  await page.waitForFunction(() => location.hash.includes('status=pending'));
  // The filtered screen (its filter chip) replaces the whole list, whose rows have check boxes too.
  await page.waitForSelector('button[data-unfilter="status"]');
  await page.waitForSelector('#list tbody input[data-id]');
  check((await page.textContent('#list tbody')).includes('待审核'), 'statuses shown by their labels');
  const pending = await page.$$eval('#list tbody input[data-id]', (b) => b.length);
  check(pending === 4, `four pending records, got ${pending}`);
  check(await page.isDisabled('#bulk button[data-action=approve]'), 'nothing selected, nothing to run');
  const boxes = page.locator('#list tbody input[data-id]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.click('#bulk button[data-action=approve]');
  await page.waitForSelector('#action-result .banner.ok');
  check((await page.textContent('#action-result')).includes('已处理 2'), 'two approved');
  check(await page.$$eval('#list tbody input[data-id]', (b) => b.length) === 2, 'two left in the queue');
  await page.locator('#list tbody input[data-id]').first().check();
  await page.click('#bulk button[data-action=reject]');
  await page.waitForSelector('#action-form');
  check((await page.textContent('#action-form')).includes('驳回原因'), 'the declared parameter is asked for');
  await page.fill('#action-form [name=reason]', '证明材料不全');
  await page.click('#action-form button[type=submit]');
  await page.waitForSelector('#action-result .banner.ok');
  await shot('2a-approval-queue');
  await axe('2a-approval-queue');
  step = 'a record: status read-only, its actions offered';
  await page.click('#list tbody tr[data-row]');
  await page.waitForSelector('#record-actions button[data-action=approve]');
  check(await page.isDisabled('#record select[name=status]'), 'status is read-only in the form');
  await page.click('#record-actions button[data-action=approve]');
  await page.waitForSelector('#action-result .banner.ok');
  check(!(await page.$('#record-actions')), 'an approved record offers no more actions');
  const status = await page.$eval('#record select[name=status]', (sel) => sel.options[sel.selectedIndex].textContent);
  check(status === '已通过', `the record shows its new status by its label, got ${status}`);
  await axe('record form');

  step = 'import with errors, dry run first';
  const csv = join(artifacts, 'hours-with-errors.csv');
  writeFileSync(csv, 'staff_no,title,provider,level,category,hours,completed_on,external_ref\n' +
    'T0000200,课程一,区教师发展中心,district,ethics,2.5,2024-03-01,E2E-1\n' +
    'NOBODY,课程二,区教师发展中心,district,ethics,2,2024-03-01,E2E-2\n' +
    'T0000201,课程三,区教师发展中心,district,ethics,0,2024-03-01,E2E-3\n');
  await page.goto(`${base}/app/#/import`);
  await page.waitForSelector('#import');
  await page.selectOption('select[name=type]', 'training.records');
  await page.setInputFiles('input[name=file]', csv);
  await page.click('#dry');
  await page.waitForSelector('#job-result');
  const errors = await page.textContent('#errors');
  check(errors.includes("unknown staff_no 'NOBODY'") || errors.includes('NOBODY'), `error report names the row: ${errors}`);
  check(errors.includes('hours'), 'error report names the field');
  check(await page.isDisabled('#real'), 'a failed dry run cannot be imported');
  await shot('2-import-errors');
  await axe('2-import-errors');
  const download = page.waitForEvent('download');
  await page.click('#errors-csv');
  const file = await download;
  check(file.suggestedFilename().endsWith('-errors.csv'), 'the error report downloads');
  // The import history lists the dry run with the user's file name, and the template has the
  // Chinese column labels.
  await page.waitForFunction(() => document.querySelector('#history')?.textContent.includes('hours-with-errors.csv'));
  const templateDownload = page.waitForEvent('download');
  await page.click('#template');
  const template = await templateDownload;
  const templateText = readFileSync(await template.path(), 'utf8');
  check(template.suggestedFilename() === 'training.records-template.csv' && templateText.includes('工号') && templateText.includes('学时')
    && !templateText.includes('审核状态'), `the template has the labels of the settable fields: ${templateText}`);

  step = 'portfolio';
  await page.goto(`${base}/app/#/portfolio/T0000200`);
  await page.waitForSelector('.section[data-plugin=training] svg.chart');
  check((await page.textContent('#pf')).includes('T0000200'), 'the teacher is shown');
  // Every section is rendered from its declaration: labels, not codes or JSON keys.
  const pf = await page.textContent('#pf');
  check(pf.includes('本周期要求学时') && pf.includes('交流经历'), `declared facts and tables are labelled: ${pf.slice(0, 300)}`);
  check(!/\b(approved|pending|cluster_flow|required_hours|working_school)\b/.test(pf), `no codes or keys on the portfolio: ${pf.slice(0, 300)}`);
  // The teacher is found by name too: the look-up lists staff numbers with names.
  await page.fill('#find input[name=staff]', '何娜雪');
  await page.waitForSelector('#ref-staff option[value=T0000200]', { state: 'attached' });
  // A teacher's record links to their portfolio.
  await page.goto(`${base}/app/#/records/core.teachers?q=T0000200`);
  await page.waitForSelector('#list tbody tr[data-row]');
  await page.click('#list tbody tr[data-row]');
  await page.waitForSelector('a[href="#/portfolio/T0000200"]');
  await shot('3-portfolio');
  await axe('3-portfolio');

  step = 'training compliance dashboard';
  await page.goto(`${base}/app/#/compliance?scope=district&year=2026`);
  await page.waitForSelector('#out .card');
  await shot('4-compliance');
  await axe('4-compliance');

  step = 'a report from its declaration: parameter form, labelled columns, download';
  await page.goto(`${base}/app/#/reports?name=training.providers`);
  await page.waitForSelector('#f input[name=from]');
  check((await page.textContent('#f')).includes('开始日期'), 'the parameters are labelled');
  await page.fill('#f input[name=from]', '2020-01-01');
  await page.click('#f button');
  await page.waitForSelector('#out table');
  const rep = await page.textContent('#out thead');
  check(rep.includes('培训机构') && rep.includes('教师数'), `the columns carry their labels: ${rep}`);
  check(page.url().includes('from=2020-01-01'), 'the query is kept in the address');
  const csvDownload = page.waitForEvent('download');
  await page.click('#csv');
  const csvText = readFileSync(await (await csvDownload).path(), 'utf8');
  check(csvText.includes('培训机构'), `the CSV has the labelled header: ${csvText.slice(0, 200)}`);
  await shot('4a-report');
  await axe('4a-report');

  step = 'rotation quota board';
  await page.goto(`${base}/app/#/rotation?year=2026`);
  await page.waitForSelector('#quota table');
  await page.click('#plan');
  await page.waitForSelector('#msg .banner.ok');
  check((await page.textContent('#msg')).includes('已生成轮岗草稿'), 'the planner says what it did, in Chinese');
  await page.waitForSelector('#drafts table');
  await shot('5-rotation');
  await axe('5-rotation');
  // Confirming the plan asks first with what it will do, then posts every draft.
  await page.click('#confirm');
  await page.waitForFunction(() => document.querySelector('#msg .banner.ok')?.textContent.includes('已按草稿创建'));
  check(dialogs.some((m) => m.includes('2026')), `confirming the plan asked first: ${dialogs.join(' | ')}`);

  step = 'performance pay: compute, review, publish';
  await page.goto(`${base}/app/#/perfpay?year=2025&school=XH0001`);
  await page.waitForSelector('#scheme button[data-act=compute]');
  for (const act of ['compute', 'review', 'publish']) {
    // Compute is the school year's action; review and publish the scheme's record actions.
    const sel = act === 'compute' ? `#scheme button[data-act=compute]` : `#scheme .toolbar button[data-step=${act}]`;
    await page.click(`${sel}:not([disabled])`);
    const want = { compute: 'computed', review: 'reviewed', publish: 'published' }[act];
    await page.waitForFunction((w) => document.querySelector('.steps .on')?.dataset.step === w, want);
  }
  await page.waitForSelector('#sheet table');
  check(dialogs.some((m) => m.includes('公示方案') && m.includes('XH0001')), `publishing asked first: ${dialogs.join(' | ')}`);
  check(!dialogs.some((m) => m.includes('审核方案')), 'reviewing does not ask (not declared irreversible)');
  const sheet = await page.textContent('#sheet');
  check(sheet.includes('合计') || sheet.includes('total'), 'the pay sheet is shown');
  check(sheet.includes('基础性绩效'), 'each line explains itself');
  await shot('6-perfpay-published');
  await axe('6-perfpay-published');
  // Locking asks first; the XLSX has numbers as numbers, and its total row is their sum.
  await page.click('#scheme .toolbar button[data-step=lock]:not([disabled])');
  await page.waitForFunction(() => document.querySelector('.steps .on')?.dataset.step === 'locked');
  const xlsxDownload = page.waitForEvent('download');
  await page.click('#xlsx');
  const xlsx = readFileSync(await (await xlsxDownload).path());
  const cells = numericCells(unzipMember(xlsx, 'xl/worksheets/sheet1.xml'));
  const rowNos = Object.keys(cells).map(Number).sort((a, b) => a - b);
  const totalRow = cells[rowNos[rowNos.length - 1]];
  const dataRows = rowNos.slice(0, -1).map((r) => cells[r]);
  check(dataRows.length >= 1 && Object.keys(totalRow).length >= 4, `the XLSX has numeric lines and a total row: ${rowNos.length} rows`);
  for (const [col, total] of Object.entries(totalRow)) {
    const sum = dataRows.reduce((acc, r) => acc + (r[col] || 0), 0);
    check(Math.abs(sum - total) < 0.005, `column ${col} sums to its total in a spreadsheet: ${sum} vs ${total}`);
  }

  step = 'a 390 px phone: nothing wider than the screen';
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = [];
  // Every screen, at phone size: no page wider than the screen, and axe-core again.
  for (const [name, hash, ready] of [['home', '#/', '#todo'], ['compliance', '#/compliance?scope=district&year=2026', '#out .card'],
    ['portfolio', '#/portfolio/T0000200', '#pf .section'], ['records', '#/records/core.teachers', '#list table'],
    ['record form', '#/records/training.records/new', '#record'], ['import', '#/import', '#import'],
    ['reports', '#/reports?name=training.providers&run=1', '#out table'], ['rotation', '#/rotation?year=2026', '#quota table'],
    ['pay', '#/perfpay?year=2025&school=XH0001', '#sheet table']]) {
    await page.goto(`${base}/app/${hash}`);
    await page.waitForSelector(ready);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) wide.push(`${name} ${width}px`);
    await axe(`${name} (390 px)`);
  }
  await shot('7-phone');
  check(wide.length === 0, `pages wider than 390 px: ${wide.join(', ')}`);
  await page.setViewportSize({ width: 1366, height: 768 });

  step = 'English switch and log out';
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('nav').textContent.includes('Performance pay'));
  check(await page.evaluate(() => document.documentElement.lang) === 'en', 'the page language follows the switch');
  await page.click('#logout');
  await page.waitForSelector('#login-form');
  await tab.waitForSelector('#login-form');  // logged out in every tab
  await tab.close();

  step = 'audit log: an auditor filters it and verifies the chain';
  await page.click('#login-lang');  // back to Chinese
  await page.fill('input[name=login]', 'audit1');
  await page.fill('input[name=password]', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav a[href="#/audit"]');
  await page.click('#nav a[href="#/audit"]');
  await page.waitForSelector('#entries table');
  // The action filter is a choice by label (the declared record actions among the host's own).
  const approveOption = await page.$eval('#audit-filter select[name=action] option[value="action:approve"]', (o) => o.textContent);
  check(approveOption.includes('通过'), `the record action is offered by its label: ${approveOption}`);
  await page.selectOption('#audit-filter select[name=action]', 'action:approve');
  await page.click('#audit-filter button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('action=action%3Aapprove') || location.hash.includes('action=action:approve'));
  await page.waitForSelector('#entries table');
  const approvals = await page.$$eval('#entries tbody tr', (trs) => trs.length);
  check(approvals === 3, `the three approvals are in the log, got ${approvals}`);
  // By label, though an auditor cannot open training records or run their actions.
  const firstRow = await page.textContent('#entries tbody tr');
  check(firstRow.includes('通过') && firstRow.includes('培训学时记录') && !firstRow.includes('action:approve'),
    `the entry names the action and the record type by label: ${firstRow}`);
  await page.click('#verify');
  await page.waitForSelector('#verified .banner.ok');
  check((await page.textContent('#verified')).includes('审计链完整'), 'the chain verifies');
  await shot('8-audit');
  await axe('audit');

  // --- each role's daily work, logged in as that role ---
  const logInAs = async (who) => {
    await page.click('#logout');
    await page.waitForSelector('#login-form');
    await page.fill('input[name=login]', who);
    await page.fill('input[name=password]', password);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#nav a');
  };
  const saveRecord = async () => {
    await page.click('#save');
    await page.waitForFunction(() => /#\/records\/[a-z_.]+\/\d+$/.test(location.hash) || document.querySelector('#form-error .banner'));
    const error = await page.$('#form-error .banner');
    if (error) throw new Error(`${step}: the record was refused: ${await error.textContent()}`);
    // The saved record's own screen is drawn (its number in the heading) before moving on.
    await page.waitForFunction(() => {
      const id = location.hash.match(/\/(\d+)$/);
      return id && document.querySelector('main h1')?.textContent.includes(`#${id[1]}`);
    });
  };

  step = 'training centre: a file with a bad row, then the corrected file';
  await logInAs('tc1');
  const tcBad = join(artifacts, 'centre-hours.csv');
  writeFileSync(tcBad, '工号,培训名称,培训机构,培训级别,培训类别,学时,完成日期,外部编号\n' +
    'T0000201,新课标研读,区教师发展中心,区县级,学科教学,6,2026-01-15,TC-1\n' +
    'T0000202,新课标研读,区教师发展中心,区县级,学科教学,六,2026-01-15,TC-2\n');
  await page.goto(`${base}/app/#/import`);
  await page.waitForSelector('#import');
  await page.selectOption('select[name=type]', 'training.records');
  await page.setInputFiles('input[name=file]', tcBad);
  await page.click('#dry');
  await page.waitForSelector('#job-result');
  const tcErrors = await page.textContent('#errors');
  check(tcErrors.includes('学时') && tcErrors.includes('3'), `the bad row is named by line and label: ${tcErrors}`);
  writeFileSync(tcBad, '工号,培训名称,培训机构,培训级别,培训类别,学时,完成日期,外部编号\n' +
    'T0000201,新课标研读,区教师发展中心,区县级,学科教学,6,2026-01-15,TC-1\n' +
    'T0000202,新课标研读,区教师发展中心,区县级,学科教学,6,2026-01-15,TC-2\n');
  await page.setInputFiles('input[name=file]', tcBad);
  await page.click('#dry');
  await page.waitForFunction(() => !document.getElementById('real')?.disabled);
  await page.click('#real');
  await page.waitForFunction(() => document.getElementById('main').textContent.includes('已写入'));
  check((await page.textContent('main')).includes('新增 2'), 'the corrected file is imported');
  await axe('centre import');

  step = 'teacher: self-reports hours, sees only their own records and portfolio';
  await logInAs('T0000201');
  await page.waitForSelector('#todo');
  check((await page.textContent('main')).includes('我的成长档案'), 'the teacher\'s home opens their own portfolio');
  await page.goto(`${base}/app/#/records/training.records/new`);
  await page.waitForSelector('#record');
  await page.fill('#record [name=staff_no]', 'T0000201');
  await page.fill('#record [name=title]', '线上研修：作业设计');
  await page.fill('#record [name=provider]', '国家智慧教育平台');
  await page.selectOption('#record [name=level]', 'national');
  await page.selectOption('#record [name=category]', 'subject');
  await page.fill('#record [name=hours]', '3');
  await page.fill('#record [name=completed_on]', '2026-02-10');
  await page.fill('#record [name=external_ref]', 'SELF-201-1');
  await saveRecord();
  const selfStatus = await page.$eval('#record select[name=status]', (sel) => sel.options[sel.selectedIndex].textContent);
  check(selfStatus === '待审核', `self-reported hours wait for approval, got ${selfStatus}`);
  await axe('teacher self-report');
  await page.goto(`${base}/app/#/records/training.records`);
  await page.waitForSelector('#list table');
  const mine = await page.$$eval('#list tbody tr', (trs) => trs.map((tr) => tr.textContent));
  check(mine.length > 0 && mine.every((r) => r.includes('T0000201')), `the teacher lists only their own hours: ${mine.length}`);
  await page.goto(`${base}/app/#/portfolio/T0000201`);
  await page.waitForSelector('.section[data-plugin=training]');
  await axe('teacher portfolio');
  expected404 = true;  // another teacher's portfolio is not theirs to open
  await page.goto(`${base}/app/#/portfolio/T0000200`);
  await page.waitForSelector('#pf .banner.error');
  expected404 = false;

  step = 'school administrator: the to-do list, then approves the queue in bulk';
  await logInAs('sa1');
  await page.waitForSelector('#todo ul.todo a');
  await page.click('#todo ul.todo a');
  await page.waitForSelector('#list tbody input[data-id]');
  check((await page.textContent('#list tbody')).includes('T0000201'), 'the teacher\'s self-report is in their school\'s queue');
  await page.check('#select-all');
  await page.click('#bulk button[data-action=approve]');
  await page.waitForSelector('#action-result .banner.ok');
  await axe('school queue');

  step = 'ethics officer: records a violation';
  await logInAs('eth1');
  await page.goto(`${base}/app/#/records/ethics.events/new`);
  await page.waitForSelector('#record');
  check(await page.$('#record textarea[name=description]') !== null, 'the long text is a text area');
  await page.fill('#record [name=case_no]', 'E2E-2026-1');
  await page.fill('#record [name=staff_no]', 'T0000203');
  await page.selectOption('#record [name=kind]', 'violation');
  await page.selectOption('#record [name=category]', 'practice');
  await page.fill('#record [name=occurred_on]', '2026-02-01');
  await page.fill('#record [name=description]', '课堂上言行失当，家长投诉。');
  await saveRecord();
  await axe('ethics event');

  step = 'a third-party plugin (honours) with no UI code: record, record action, report, portfolio';
  await logInAs('hc1');
  await page.goto(`${base}/app/#/records/honours.awards/new`);
  await page.waitForSelector('#record');
  await page.fill('#record [name=staff_no]', 'T0000202');
  await page.fill('#record [name=title]', '优秀班主任');
  await page.selectOption('#record [name=level]', 'district');
  await page.fill('#record [name=issuing_body]', '玄湖区教育局');
  await page.fill('#record [name=awarded_on]', '2026-01-20');
  await page.fill('#record [name=certificate_no]', 'HON-E2E-1');
  await saveRecord();
  const awardUrl = page.url();
  await page.goto(`${base}/app/#/reports?name=honours.by_level`);
  await page.waitForSelector('#f input[name=year]');
  await page.fill('#f input[name=year]', '2026');
  await page.click('#f button');
  await page.waitForSelector('#out table');
  const byLevel = await page.textContent('#out table');
  check(byLevel.includes('级别') && byLevel.includes('人次') && byLevel.includes('区级'), `the plugin's report, labelled: ${byLevel}`);
  await page.goto(awardUrl);
  await page.waitForSelector('#record-actions button[data-action=revoke]');
  await page.click('#record-actions button[data-action=revoke]');
  await page.waitForSelector('#action-form');
  await page.fill('#action-form [name=reason]', '材料不实');
  await page.click('#action-form button[type=submit]');
  await page.waitForSelector('#action-result .banner.ok');
  const revoked = await page.$eval('#record select[name=status]', (sel) => sel.options[sel.selectedIndex].textContent);
  check(revoked === '已撤销', `the plugin's record action ran, status ${revoked}`);
  await page.goto(`${base}/app/#/portfolio/T0000202`);
  await page.waitForSelector('.section[data-plugin=honours] table');
  const honours = await page.textContent('.section[data-plugin=honours]');
  check(honours.includes('优秀班主任') && honours.includes('区级') && honours.includes('已撤销'), `the plugin's portfolio section, labelled: ${honours}`);
  await shot('9-third-party-plugin');
  await axe('third-party portfolio');

  check(problems.length === 0, `no script errors: ${problems.join('; ')}`);
  step = 'accessibility (axe-core, WCAG 2.1 A and AA)';
  check(accessibility.length === 0, `violations:\n  ${accessibility.join('\n  ')}`);
  console.log('web interface: all steps passed; screenshots in', artifacts);
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(`FAILED at ${e.message}`);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
