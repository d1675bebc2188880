// Interface text in Chinese (default) and English. Record and field labels come from the
// plugins' descriptors (Chinese); in English the field names are shown beside them.
const text = {
  zh: {
    appName: '教师发展管理', login: '登录', logout: '退出', loginName: '用户名', password: '密码',
    loginFailed: '登录失败', home: '首页', records: '数据', import: '导入', portfolio: '教师成长档案',
    compliance: '培训达标', rotation: '交流轮岗', perfpay: '绩效工资', reports: '报表',
    search: '搜索', filter: '筛选', new: '新建', save: '保存', delete: '删除', cancel: '返回', edit: '编辑',
    exportCsv: '导出 CSV', exportXlsx: '导出 Excel', total: '共', page: '页', prev: '上一页',
    next: '下一页', saved: '已保存', deleted: '已删除', confirmDelete: '确定删除这条记录？',
    required: '必填', invalid: '数据有误', choose: '请选择', yes: '是', no: '否',
    recordType: '数据类型', file: '文件 (CSV / XLSX)', dryRun: '预检（不写入）',
    importNow: '正式导入', partial: '只导入正确的行', template: '下载模板 (CSV)', importHistory: '导入记录',
    jobFile: '文件', jobStatus_queued: '排队中', jobStatus_running: '导入中', jobStatus_done: '完成',
    jobStatus_failed: '失败', rows: '行', inserted: '新增',
    updated: '更新', unchanged: '未变', rejected: '有误', downloadErrors: '下载错误报告',
    line: '行号', field: '字段', reason: '原因', jobRunning: '处理中', jobDone: '完成',
    jobFailed: '未写入', dryRunOk: '预检通过，可以正式导入', written: '已写入',
    staffNo: '工号', open: '打开', cycle: '周期', requiredHours: '周期要求', doneHours: '已完成',
    expectedHours: '按进度应完成', onTrack: '进度正常', behind: '落后进度', latest: '最近记录',
    school: '学校', cluster: '集群', year: '年度', run: '查询', behindTeachers: '落后进度的教师',
    shortfall: '差额', noRows: '没有数据', plan: '生成轮岗方案', confirm: '确认方案',
    drafts: '方案草稿', shortOnly: '只显示未达标的学校', quotaBoard: '各校交流指标', eligible: '符合条件', requiredN: '应交流',
    rotated: '已安排', drafted: '草稿', met: '达标', compute: '核算', review: '审核',
    publish: '公示', lock: '锁定', sheet: '绩效工资表', schemes: '绩效方案',
    explanation: '计算说明', status: '状态', params: '参数', report: '报表', print: '打印', noAccess: '无权限',
    sections: '各模块', nothingHere: '暂无', hours: '学时', chooseScheme: '选择一个方案',
    lang: 'English', welcome: '欢迎', byschool: '按学校统计', teachers: '人',
    queue: '待处理', todo: '待办事项', all: '全部', indicators: '需要关注', table: '表格', lookup: '输入代码或名称查找', nothingToDo: '目前没有待办事项', myPortfolio: '我的成长档案', selfReport: '自行申报，提交后等待审核', report_new: '填报', selectAll: '全选', selectRow: '选择这一行', selected: '已选',
    actionDone: '已处理', actionFailed: '未处理', confirmAction: '确定对所选记录执行', records_n: '条记录',
    ok: '确定', readOnly: '由系统或操作设置', actions: '操作',
    audit: '审计日志', verifyChain: '校验审计链', chainOk: '审计链完整，条目数', chainBroken: '审计链被改动，自第',
    audit_actor: '用户', audit_action: '操作', audit_record_type: '数据类型', audit_at: '时间',
    audit_record: '记录', audit_detail: '详情',
    // The host's own audit entries (plugins' actions are labelled from their declarations).
    act_create: '新建', act_update: '修改', act_delete: '删除', act_import: '导入', act_read: '查看',
    act_export: '导出', act_log_in: '登录', act_user_add: '新建用户', act_password_set: '设置密码',
    act_token_issue: '签发令牌', act_token_revoke: '撤销令牌', act_user_disable: '停用用户',
    act_user_enable: '启用用户', act_action: '执行操作',
    filterField: '筛选的字段', filterValue: '筛选的值', scope: '范围', district: '全区',
    plannedN: '已生成轮岗草稿（条）：', confirmedN: '已按草稿创建交流安排（条）：',
  },
  en: {
    appName: 'teacher development records', login: 'Log in', logout: 'Log out',
    loginName: 'Login', password: 'Password', loginFailed: 'Log-in failed', home: 'Home',
    records: 'Records', import: 'Import', portfolio: 'Portfolio', compliance: 'Training compliance',
    rotation: 'Rotation', perfpay: 'Performance pay', reports: 'Reports', search: 'Search',
    new: 'New', filter: 'Filter', save: 'Save', delete: 'Delete', cancel: 'Back', edit: 'Edit',
    exportCsv: 'Export CSV', exportXlsx: 'Export Excel', total: 'Total', page: 'page',
    prev: 'Previous', next: 'Next', saved: 'Saved', deleted: 'Deleted',
    confirmDelete: 'Delete this record?', required: 'required', invalid: 'Invalid data',
    choose: 'Choose', yes: 'yes', no: 'no', recordType: 'Record type', file: 'File (CSV / XLSX)',
    dryRun: 'Dry run (write nothing)', importNow: 'Import', partial: 'Write the good rows only',
    template: 'Template (CSV)', importHistory: 'Import history', jobFile: 'File',
    jobStatus_queued: 'Queued', jobStatus_running: 'Running', jobStatus_done: 'Done', jobStatus_failed: 'Failed',
    rows: 'rows', inserted: 'new', updated: 'changed', unchanged: 'unchanged', rejected: 'rejected',
    downloadErrors: 'Download error report', line: 'Line', field: 'Field', reason: 'Reason',
    jobRunning: 'Running', jobDone: 'Done', jobFailed: 'Nothing written',
    dryRunOk: 'Dry run passed: ready to import', written: 'Written', staffNo: 'Staff no.',
    open: 'Open', cycle: 'Cycle', requiredHours: 'Required', doneHours: 'Done',
    expectedHours: 'Expected by now', onTrack: 'On track', behind: 'Behind', latest: 'Latest records',
    school: 'School', cluster: 'Cluster', year: 'Year', run: 'Run',
    behindTeachers: 'Teachers behind pace', shortfall: 'Shortfall', noRows: 'No rows',
    plan: 'Propose a batch', shortOnly: 'Only schools short of their quota', confirm: 'Confirm the batch', drafts: 'Draft batch',
    quotaBoard: 'Quota per school', eligible: 'Eligible', requiredN: 'Required', rotated: 'Rotated',
    drafted: 'Drafted', met: 'Met', compute: 'Compute', review: 'Review', publish: 'Publish',
    lock: 'Lock', sheet: 'Pay sheet', schemes: 'Schemes', explanation: 'Explanation',
    status: 'Status', params: 'Parameters', report: 'Report', print: 'Print', noAccess: 'Not allowed',
    sections: 'Sections', nothingHere: 'Nothing yet', hours: 'hours',
    chooseScheme: 'Choose a scheme', lang: '中文', welcome: 'Welcome', byschool: 'By school',
    teachers: 'teachers', queue: 'To do', todo: 'To do', all: 'All', indicators: 'Needs attention', table: 'Table', lookup: 'Type a key or name:', nothingToDo: 'Nothing to do now', myPortfolio: 'My portfolio', selfReport: 'reported by you, then approved', report_new: 'Report', selectAll: 'Select all', selectRow: 'Select this row',
    selected: 'selected', actionDone: 'done', actionFailed: 'not done',
    confirmAction: 'Run on the selected records:', records_n: 'record(s)', ok: 'OK',
    readOnly: 'set by the system or an action', actions: 'Actions',
    audit: 'Audit log', verifyChain: 'Verify the chain', chainOk: 'Audit chain intact, entries',
    chainBroken: 'Audit chain altered at', audit_actor: 'User', audit_action: 'Action',
    audit_record_type: 'Record type', audit_at: 'Time', audit_record: 'Record', audit_detail: 'Detail',
    act_create: 'Create', act_update: 'Change', act_delete: 'Delete', act_import: 'Import', act_read: 'Read',
    act_export: 'Export', act_log_in: 'Log in', act_user_add: 'Add user', act_password_set: 'Set password',
    act_token_issue: 'Issue token', act_token_revoke: 'Revoke tokens', act_user_disable: 'Disable user',
    act_user_enable: 'Enable user', act_action: 'Run action',
    filterField: 'Field to filter on', filterValue: 'Value to filter for', scope: 'Scope',
    district: 'District', plannedN: 'Draft postings made:', confirmedN: 'Postings created from the drafts:',
  },
};

let lang = localStorage.getItem('tdr.lang') || 'zh';

export function t(key) {
  return (text[lang] && text[lang][key]) || text.zh[key] || key;
}
export function currentLang() { return lang; }
export function toggleLang() {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('tdr.lang', lang);
}
// A field's label for people: the plugin's Chinese label, with the field name in English mode.
export function fieldLabel(f) { return lang === 'en' ? `${f.label} · ${f.name}` : f.label; }
