<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddGridDialog</name>
    <message>
        <source>Add a grid</source>
        <translation>添加网格</translation>
    </message>
    <message>
        <source>Add grid</source>
        <translation>添加网格</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <source>e.g. 31010100100101 or BH-3-2</source>
        <translation>如 31010100100101 或 BH-3-2</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>所属区域</translation>
    </message>
    <message>
        <source>(no area above)</source>
        <translation>（无上级区域）</translation>
    </message>
    <message>
        <source>&amp;Held by</source>
        <translation>所属区域(&amp;H)</translation>
    </message>
    <message>
        <source>H&amp;ouseholds</source>
        <translation>户数(&amp;O)</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Paste the shape as WKT, e.g. POLYGON ((121.50 25.03, 121.51 25.03, 121.51 25.04, 121.50 25.04, 121.50 25.03)), or as GeoJSON; longitude first, WGS84 degrees</source>
        <translation>粘贴 WKT 形状，如 POLYGON ((121.50 25.03, 121.51 25.03, 121.51 25.04, 121.50 25.04, 121.50 25.03))，或 GeoJSON；经度在前，WGS84 度</translation>
    </message>
    <message>
        <source>&amp;Shape</source>
        <translation>形状(&amp;S)</translation>
    </message>
    <message>
        <source>Type the grid&apos;s code.</source>
        <translation>请输入网格编码。</translation>
    </message>
    <message>
        <source>Type the grid&apos;s name.</source>
        <translation>请输入网格名称。</translation>
    </message>
    <message>
        <source>Paste the grid&apos;s shape (WKT or GeoJSON).</source>
        <translation>请粘贴网格形状（WKT 或 GeoJSON）。</translation>
    </message>
    <message>
        <source>The shape cannot be read: {why}.</source>
        <translation>无法读取形状：{why}。</translation>
    </message>
</context>
<context>
    <name>AlertFlagging</name>
    <message>
        <source>Flag as significant for the handover</source>
        <translation>标记为交接班重要事项</translation>
    </message>
    <message>
        <source>List this alert in the shift&apos;s activity log</source>
        <translation>将此预警列入本班工作记录</translation>
    </message>
    <message>
        <source>Select the alert to flag first.</source>
        <translation>请先选择要标记的预警。</translation>
    </message>
    <message>
        <source>{subject}: flagged significant for the handover.</source>
        <translation>{subject}：已标记为交接班重要事项。</translation>
    </message>
</context>
<context>
    <name>AlertHeadlines</name>
    <message>
        <source>{late} late</source>
        <translation>超期 {late}</translation>
    </message>
    <message>
        <source>due in {span}</source>
        <translation>{span}后到期</translation>
    </message>
    <message>
        <source>inspection coming due</source>
        <translation>即将到期巡查</translation>
    </message>
    <message>
        <source>inspection overdue</source>
        <translation>巡查超期</translation>
    </message>
    <message>
        <source>inspection overdue for long</source>
        <translation>巡查长期超期</translation>
    </message>
    <message>
        <source>{ref}: {kind} deadline {level} ({when})</source>
        <translation>{ref}：{kind}时限{level}（{when}）</translation>
    </message>
    <message>
        <source>{ref}: {what} ({when})</source>
        <translation>{ref}：{what}（{when}）</translation>
    </message>
    <message>
        <source>{team} crew {crew}</source>
        <translation>{team} {crew} 班组</translation>
    </message>
    <message>
        <source>{team}: {ready} of {needed} ready for the shift {start}–{end}</source>
        <translation>{team}：{start}–{end} 班次可用 {ready} 人，需 {needed} 人</translation>
    </message>
    <message>
        <source>{team}: {ready} of {needed} ready for the on-call {start}–{end}</source>
        <translation>{team}：{start}–{end} 备班可用 {ready} 人，需 {needed} 人</translation>
    </message>
    <message>
        <source>feed {feed} silent for {span}</source>
        <translation>数据源 {feed} 已失联 {span}</translation>
    </message>
</context>
<context>
    <name>AlertLabels</name>
    <message>
        <source>Extreme</source>
        <translation>特别严重</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>较重</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Immediate</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Future</source>
        <translation>将来</translation>
    </message>
    <message>
        <source>Past</source>
        <translation>已过</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>已搁置</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>CAP</source>
        <translation>CAP</translation>
    </message>
    <message>
        <source>JSON lines</source>
        <translation>JSON 行</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Hazard</source>
        <translation>风险源</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>值班表</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>inspection coming due</source>
        <translation>即将到期巡查</translation>
    </message>
    <message>
        <source>inspection overdue</source>
        <translation>巡查超期</translation>
    </message>
    <message>
        <source>inspection overdue for long</source>
        <translation>巡查长期超期</translation>
    </message>
</context>
<context>
    <name>AlertPanel</name>
    <message>
        <source>Active</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>New and acknowledged alerts</source>
        <translation>新的和已确认的预警</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>全部严重度</translation>
    </message>
    <message>
        <source>Grid filter</source>
        <translation>网格筛选</translation>
    </message>
    <message>
        <source>Only the alerts of one grid cell</source>
        <translation>只显示一个网格的告警</translation>
    </message>
    <message>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>I have seen this alert</source>
        <translation>我已看到此预警</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>搁置…</translation>
    </message>
    <message>
        <source>Put the alert aside for a while; it comes back by itself</source>
        <translation>暂时搁置此预警；到时自动恢复</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <source>Nothing more to do about this alert</source>
        <translation>此预警无需再处理</translation>
    </message>
    <message>
        <source>Promote to case…</source>
        <translation>转为案件…</translation>
    </message>
    <message>
        <source>Open a case from this alert</source>
        <translation>根据此预警立案</translation>
    </message>
    <message>
        <source>Sound for critical alerts</source>
        <translation>严重预警提示音</translation>
    </message>
    <message>
        <source>♪ Sound</source>
        <translation>♪ 提示音</translation>
    </message>
    <message>
        <source>Beep when an Extreme or Severe alert arrives</source>
        <translation>收到特别严重或严重预警时发出提示音</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>处置建议</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <source>Severity · urgency · certainty</source>
        <translation>严重度 · 紧迫度 · 确定性</translation>
    </message>
    <message>
        <source>Sent · received · expires</source>
        <translation>发布 · 接收 · 失效</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Select an alert to see its detail.</source>
        <translation>选择一条预警以查看详情。</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Raw payload</source>
        <translation>原始报文</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Show the alert as it is now</source>
        <translation>显示此预警的当前状态</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>%n unacknowledged critical</source>
        <translation>%n 条未确认的严重预警</translation>
    </message>
    <message>
        <source>Extreme or Severe alerts nobody has acknowledged yet</source>
        <translation>尚无人确认的特别严重或严重预警</translation>
    </message>
    <message>
        <source>Alert #{id} is now {status}.</source>
        <translation>预警 #{id} 现为{status}。</translation>
    </message>
    <message>
        <source>Alert #{id} is shelved until {until}; it comes back by itself.</source>
        <translation>预警 #{id} 已搁置至 {until}，到时自动恢复。</translation>
    </message>
    <message>
        <source>{kind} {code}: {what}</source>
        <translation>{kind} {code}：{what}</translation>
    </message>
    <message>
        <source>Alert #{id} became case {ref}.</source>
        <translation>预警 #{id} 已转为案件 {ref}。</translation>
    </message>
    <message>
        <source>Received {n} times · last seen {when}</source>
        <translation>已接收 {n} 次 · 最近 {when}</translation>
    </message>
    <message>
        <source>Received once</source>
        <translation>仅接收一次</translation>
    </message>
    <message>
        <source>{status} until {when}</source>
        <translation>{status}至 {when}</translation>
    </message>
    <message>
        <source>{who} at {when}</source>
        <translation>{who}，{when}</translation>
    </message>
</context>
<context>
    <name>AlertTableModel</name>
    <message>
        <source>Sev</source>
        <translation>级</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧迫度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Event / headline</source>
        <translation>事件 / 标题</translation>
    </message>
    <message>
        <source>Area / grid</source>
        <translation>区域 / 网格</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Repeats: times received</source>
        <translation>重复：接收次数</translation>
    </message>
    <message>
        <source>Received {received}
Last seen {seen}</source>
        <translation>接收于 {received}
最近 {seen}</translation>
    </message>
    <message>
        <source>Received {n} times; last seen {seen}</source>
        <translation>已接收 {n} 次；最近 {seen}</translation>
    </message>
</context>
<context>
    <name>AreaMap</name>
    <message>
        <source>Map of the area</source>
        <translation>区域地图</translation>
    </message>
    <message>
        <source>No shape to draw.</source>
        <translation>没有可绘制的形状。</translation>
    </message>
</context>
<context>
    <name>BasemapBar</name>
    <message>
        <source>The map under the grid cells</source>
        <translation>网格下方的底图</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>How opaque the grid cells are over the basemap</source>
        <translation>网格在底图上的不透明度</translation>
    </message>
    <message>
        <source>Grid opacity</source>
        <translation>网格不透明度</translation>
    </message>
    <message>
        <source>No basemap</source>
        <translation>无底图</translation>
    </message>
    <message>
        <source>Basemap {name} cannot be read: {error}</source>
        <translation>无法读取底图 {name}：{error}</translation>
    </message>
</context>
<context>
    <name>BulletinReport</name>
    <message>
        <source>Closure rate: of the cases registered in the month, the share closed before its end. On-time closure rate: cases closed on time divided by the cases whose resolve deadline fell in the month, closed or not; paused time does not count against a deadline. Time to close: from report to close, paused time left out. Rework rate: share of the cases closed in the month whose verification failed at least once. Ranks: best rate first; areas and teams without any case to rate come last. A community&apos;s or street&apos;s figures are those of the cases in its grids, its rates computed from its own counts.</source>
        <translation>结案率：当月立案的案件中，在月底前结案的比例。按期结案率：按期结案的案件数除以处置时限落在当月的案件数（无论是否已结案）；暂停时间不计入时限。结案用时：从上报到结案，不含暂停时间。返工率：当月结案的案件中至少一次核查未通过的比例。排名：比率最高者在前；没有可计算案件的区域和队伍排在最后。社区或街道的数字来自其网格内的案件，比率按其自身的计数计算。</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>立案数</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结案数</translation>
    </message>
    <message>
        <source>Closure rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <source>Deadlines due</source>
        <translation>到期时限数</translation>
    </message>
    <message>
        <source>Closed on time</source>
        <translation>按期结案数</translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <source>Mean h to close</source>
        <translation>平均结案时长（小时）</translation>
    </message>
    <message>
        <source>P90 h to close</source>
        <translation>90% 结案时长（小时）</translation>
    </message>
    <message>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <source>Grids in no community</source>
        <translation>不属于任何社区的网格</translation>
    </message>
    <message>
        <source>Grids in no street</source>
        <translation>不属于任何街道的网格</translation>
    </message>
    <message>
        <source>Grids by closure rate</source>
        <translation>网格结案率排名</translation>
    </message>
    <message>
        <source>Grids by on-time closure rate</source>
        <translation>网格按期结案率排名</translation>
    </message>
    <message>
        <source>Communities by closure rate</source>
        <translation>社区结案率排名</translation>
    </message>
    <message>
        <source>Communities by on-time closure rate</source>
        <translation>社区按期结案率排名</translation>
    </message>
    <message>
        <source>Streets by closure rate</source>
        <translation>街道结案率排名</translation>
    </message>
    <message>
        <source>Streets by on-time closure rate</source>
        <translation>街道按期结案率排名</translation>
    </message>
    <message>
        <source>Teams by closure rate</source>
        <translation>队伍结案率排名</translation>
    </message>
    <message>
        <source>Teams by on-time closure rate</source>
        <translation>队伍按期结案率排名</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>全辖区</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Cases registered</source>
        <translation>立案数</translation>
    </message>
    <message>
        <source>Cases closed</source>
        <translation>结案数</translation>
    </message>
    <message>
        <source>On-time closure rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <source>Mean hours to close</source>
        <translation>平均结案时长（小时）</translation>
    </message>
    <message>
        <source>90th percentile hours to close</source>
        <translation>90% 结案时长（小时）</translation>
    </message>
    <message>
        <source>Escalations: warning / breached / breached for long</source>
        <translation>升级：预警 / 超时 / 长时间超时</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Monthly bulletin for {month}: {registered} cases registered, {closed} closed; closure rate {closure}, on-time closure rate {on_time}.</source>
        <translation>{month} 月度通报：立案 {registered} 件，结案 {closed} 件；结案率 {closure}，按期结案率 {on_time}。</translation>
    </message>
    <message>
        <source>Drills held</source>
        <translation>本月演练</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <source>Held on</source>
        <translation>演练时间</translation>
    </message>
    <message>
        <source>No drills this month.</source>
        <translation>本月无演练。</translation>
    </message>
    <message>
        <source>Drills are not counted in the figures above.</source>
        <translation>演练不计入以上各项指标。</translation>
    </message>
    <message>
        <source>Definitions</source>
        <translation>指标说明</translation>
    </message>
    <message>
        <source>Watchroom monthly bulletin {month}</source>
        <translation>Watchroom 月度通报 {month}</translation>
    </message>
    <message>
        <source>{scopes} ranked by closure and on-time closure rates</source>
        <translation>{scopes}按结案率和按期结案率排名</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Whistles</source>
        <translation>吹哨次数</translation>
    </message>
    <message>
        <source>Mean min to report in</source>
        <translation>平均报到用时（分钟）</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>退单数</translation>
    </message>
    <message>
        <source>Return rate</source>
        <translation>退单率</translation>
    </message>
    <message>
        <source>Disputes ruled</source>
        <translation>确权数</translation>
    </message>
    <message>
        <source>Callback rate</source>
        <translation>回访率</translation>
    </message>
    <message>
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <source>Resolution rate</source>
        <translation>解决率</translation>
    </message>
    <message>
        <source>Parts on time</source>
        <translation>协办按时率</translation>
    </message>
    <message>
        <source>Joint handling</source>
        <translation>协同处置</translation>
    </message>
    <message>
        <source>Whistles: assisting teams summoned by a whistle. Return rate: returns divided by the cases a team received as lead. Callback rate: callbacks recorded divided by callbacks due. Satisfaction rate: satisfied and basically satisfied divided by callbacks recorded. Resolution rate: callbacks where the citizen says the problem is resolved divided by callbacks recorded. Parts on time: assisting parts finished before their deadline divided by parts finished.</source>
        <translation>吹哨次数：经吹哨召集的协办单位数。退单率：退单数除以该单位作为主办接收的案件数。回访率：已回访数除以应回访数。满意率：满意与基本满意之和除以已回访数。解决率：群众表示问题已解决的回访数除以已回访数。协办按时率：在协办时限内完成的协办任务数除以已完成的协办任务数。</translation>
    </message>
</context>
<context>
    <name>CaseBoard</name>
    <message>
        <source>Open cases, or the closed history</source>
        <translation>在办案件，或已结案历史</translation>
    </message>
    <message>
        <source>Filter by stage</source>
        <translation>按环节筛选</translation>
    </message>
    <message>
        <source>Filter by severity</source>
        <translation>按严重度筛选</translation>
    </message>
    <message>
        <source>Filter by category</source>
        <translation>按类别筛选</translation>
    </message>
    <message>
        <source>Filter by grid cell</source>
        <translation>按网格筛选</translation>
    </message>
    <message>
        <source>Grid filter</source>
        <translation>网格筛选</translation>
    </message>
    <message>
        <source>Filter by owner team</source>
        <translation>按责任队伍筛选</translation>
    </message>
    <message>
        <source>Quick search</source>
        <translation>快速搜索</translation>
    </message>
    <message>
        <source>Search ref, title, grid… (Ctrl+F)</source>
        <translation>搜索编号、标题、网格…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅超期</translation>
    </message>
    <message>
        <source>Only open cases past a deadline (breached, level 2 or 3)</source>
        <translation>仅显示已超期的在办案件（超时，2 级或 3 级）</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>Report a new case (Ctrl+N)</source>
        <translation>上报新案件（Ctrl+N）</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Click to sort; right-click to choose the columns</source>
        <translation>单击排序；右键选择显示的列</translation>
    </message>
    <message>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <source>Older ▶</source>
        <translation>较旧 ▶</translation>
    </message>
    <message>
        <source>{kind} {late} late</source>
        <translation>{kind}超期 {late}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>All open stages</source>
        <translation>全部在办环节</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>全部严重度</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部队伍</translation>
    </message>
    <message>
        <source>Only the {n} most urgent cases are shown: the rest could not be read ({error}). Change a filter to try again.</source>
        <translation>仅显示最紧急的 {n} 件案件：其余案件无法读取（{error}）。请修改筛选条件后重试。</translation>
    </message>
    <message>
        <source>Page {page} · closed cases {first}–{last}</source>
        <translation>第 {page} 页 · 已结案件 {first}–{last}</translation>
    </message>
    <message>
        <source>No closed cases match these filters</source>
        <translation>没有符合筛选条件的已结案件</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>CaseBoardModel</name>
    <message>
        <source>Ref</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Sev</source>
        <translation>级</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>★ {ref}</source>
        <translation>★ {ref}</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>{kind} {left}</source>
        <translation>{kind} {left}</translation>
    </message>
    <message>
        <source>{kind} {late} late</source>
        <translation>{kind}超期 {late}</translation>
    </message>
    <message>
        <source>Under supervision
{ref} — {title}</source>
        <translation>督办中
{ref} — {title}</translation>
    </message>
    <message>
        <source>Severity {sev}</source>
        <translation>严重度 {sev}</translation>
    </message>
    <message>
        <source>{stage} — reworked {n}×</source>
        <translation>{stage} — 返工 {n} 次</translation>
    </message>
    <message>
        <source>Not dispatched yet</source>
        <translation>尚未派遣</translation>
    </message>
    <message>
        <source>No deadline running</source>
        <translation>无计时中的时限</translation>
    </message>
    <message>
        <source>{kind} due {when}</source>
        <translation>{kind}时限 {when}</translation>
    </message>
    <message>
        <source>Paused: the deadline clock is stopped
{due}</source>
        <translation>已暂停：时限计时已停止
{due}</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Level 1 — warning: most of the time allowed is used</source>
        <translation>1 级 — 预警：已用去大部分时限</translation>
    </message>
    <message>
        <source>Level 2 — breached: the supervisor chases the owner team</source>
        <translation>2 级 — 超时：督查员督促责任队伍</translation>
    </message>
    <message>
        <source>Level 3 — breached for long: the commander takes over</source>
        <translation>3 级 — 长时间超时：指挥长接管</translation>
    </message>
    <message>
        <source>{d} ago</source>
        <translation>{d}前</translation>
    </message>
</context>
<context>
    <name>CaseDeadlinesTable</name>
    <message>
        <source>completed {late} late</source>
        <translation>超期 {late} 完成</translation>
    </message>
    <message>
        <source>met {early} early</source>
        <translation>提前 {early} 完成</translation>
    </message>
    <message>
        <source>met on time</source>
        <translation>按时完成</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>When it falls due (the center&apos;s time)</source>
        <translation>到期时间（中心时区）</translation>
    </message>
    <message>
        <source>Met at {when}; due at {due}</source>
        <translation>完成于 {when}；时限 {due}</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>The case is paused: this clock is stopped</source>
        <translation>案件已暂停：此计时已停止</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>Warning at {warn}; level 3 at {long}</source>
        <translation>{warn} 预警；{long} 升至 3 级</translation>
    </message>
    <message>
        <source>Counted in working time</source>
        <translation>按工作时间计</translation>
    </message>
    <message>
        <source>Counted round the clock</source>
        <translation>全天候计时</translation>
    </message>
</context>
<context>
    <name>CaseDetailPane</name>
    <message>
        <source>Select a case on the board to see its details, act on it and read its timeline.</source>
        <translation>在看板上选择一件案件，以查看详情、进行处置并阅读其时间线。</translation>
    </message>
    <message>
        <source>★ Under supervision</source>
        <translation>★ 督办中</translation>
    </message>
    <message>
        <source>Pinned on every board; what was left of its deadlines was shortened</source>
        <translation>在所有看板置顶；剩余时限已缩短</translation>
    </message>
    <message>
        <source>Supervise…</source>
        <translation>督办…</translation>
    </message>
    <message>
        <source>Put the case under supervision (督办): pinned on every board, what is left of its deadlines shortened</source>
        <translation>将案件列为督办（督办）：在所有看板置顶，剩余时限缩短</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Show the case as it is now</source>
        <translation>显示此案件的当前状态</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Hazards nearby</source>
        <translation>附近风险源</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Joint handling</source>
        <translation>协同处置</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Pause reason</source>
        <translation>暂停原因</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已立案</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>已开始</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核查</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Paused in total</source>
        <translation>累计暂停</translation>
    </message>
    <message>
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <source>Updated by</source>
        <translation>更新人</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>When (the center&apos;s time)</source>
        <translation>时间（中心时区）</translation>
    </message>
    <message>
        <source>The operator who acted</source>
        <translation>执行操作的值班员</translation>
    </message>
    <message>
        <source>{reason} (since {when})</source>
        <translation>{reason}（自 {when}）</translation>
    </message>
    <message>
        <source>summoned</source>
        <translation>已召集</translation>
    </message>
    <message>
        <source>reported in</source>
        <translation>已报到</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>waived</source>
        <translation>已免除</translation>
    </message>
    <message>
        <source>Assisting: {parts}</source>
        <translation>协办：{parts}</translation>
    </message>
    <message>
        <source>Returned {n} time(s)</source>
        <translation>已退单 {n} 次</translation>
    </message>
    <message>
        <source>Disputed: waiting for the coordinator&apos;s ruling</source>
        <translation>有争议：等待协调员确权</translation>
    </message>
    <message>
        <source>Ruled owner: {team}</source>
        <translation>确权单位：{team}</translation>
    </message>
    <message>
        <source>Callback {n}: due</source>
        <translation>第 {n} 次回访：待回访</translation>
    </message>
    <message>
        <source>Callback {n}: {satisfaction}, resolved: {resolved}</source>
        <translation>第 {n} 次回访：{satisfaction}，已解决：{resolved}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{kind} {late} late</source>
        <translation>{kind}超期 {late}</translation>
    </message>
    <message>
        <source>No deadline is late now; the {kind} stage was completed {late} after its deadline and reached {level}</source>
        <translation>当前没有超期时限；{kind}环节超过时限 {late} 才完成，曾升级至 {level}</translation>
    </message>
    <message>
        <source>{action}: done — {ref} is now {stage}.</source>
        <translation>{action}：完成 — {ref} 现处于“{stage}”。</translation>
    </message>
    <message>
        <source>{ref} is under supervision: pinned on every board, its deadlines shortened.</source>
        <translation>{ref} 已列为督办：在所有看板置顶，时限已缩短。</translation>
    </message>
    <message>
        <source>Supervise — {ref}</source>
        <translation>督办 — {ref}</translation>
    </message>
    <message>
        <source>Why does {ref} need supervision? The owner team and the supervisor will read this.</source>
        <translation>为什么 {ref} 需要督办？责任队伍和督查员会看到此说明。</translation>
    </message>
    <message>
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
</context>
<context>
    <name>CaseHazards</name>
    <message>
        <source>Hazards nearby</source>
        <translation>附近风险源</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>下次到期</translation>
    </message>
    <message>
        <source>Name in this case</source>
        <translation>本案中的名称</translation>
    </message>
    <message>
        <source>Record that the case involves the selected hazard</source>
        <translation>记录本案涉及所选风险源</translation>
    </message>
    <message>
        <source>Clear the named hazard</source>
        <translation>清除已关联的风险源</translation>
    </message>
    <message>
        <source>Select a case to see the hazards around it.</source>
        <translation>选择一件案件以查看其周边风险源。</translation>
    </message>
    <message>
        <source>{own} in {grid} {name}, {around} in the grids around it</source>
        <translation>{grid} {name} 内 {own} 处，周边网格 {around} 处</translation>
    </message>
    <message>
        <source>No registered hazards in {grid} {name} or the grids around it.</source>
        <translation>{grid} {name} 及周边网格内没有登记的风险源。</translation>
    </message>
    <message>
        <source>★ named</source>
        <translation>★ 已关联</translation>
    </message>
    <message>
        <source>here</source>
        <translation>此处</translation>
    </message>
    <message>
        <source>{name}
{kind}, {unit}</source>
        <translation>{name}
{kind}，{unit}</translation>
    </message>
    <message>
        <source>Named by the case</source>
        <translation>已由本案关联</translation>
    </message>
    <message>
        <source>In the case&apos;s grid, {grid}</source>
        <translation>位于本案网格 {grid}</translation>
    </message>
    <message>
        <source>In {grid}, next to the case&apos;s grid</source>
        <translation>位于 {grid}，与本案网格相邻</translation>
    </message>
</context>
<context>
    <name>CasePhotoStrip</name>
    <message>
        <source>Photos ({n})</source>
        <translation>照片（{n}）</translation>
    </message>
    <message>
        <source>before</source>
        <translation>处置前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>处置后</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>{kind}
(missing)</source>
        <translation>{kind}
（文件缺失）</translation>
    </message>
    <message>
        <source>{kind} · {when} · {who}
{sha}</source>
        <translation>{kind} · {when} · {who}
{sha}</translation>
    </message>
</context>
<context>
    <name>CaseReplayView</name>
    <message>
        <source>Case reference</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Moment to replay</source>
        <translation>回放时刻</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Replay the case at that moment</source>
        <translation>回放案件在该时刻的状态</translation>
    </message>
    <message>
        <source>Name a case and a moment: the replay shows what the board showed about it then, from the audit log.</source>
        <translation>输入案件和时刻：回放将根据审计日志显示当时看板上的案件情况。</translation>
    </message>
    <message>
        <source>Deadlines then</source>
        <translation>当时的时限</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>达成</translation>
    </message>
    <message>
        <source>Notes up to then</source>
        <translation>截至当时的备注</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>at</source>
        <translation>于</translation>
    </message>
    <message>
        <source>Type a case reference first.</source>
        <translation>请先输入案件编号。</translation>
    </message>
    <message>
        <source>Replaying {ref}…</source>
        <translation>正在回放 {ref}…</translation>
    </message>
    <message>
        <source>{ref} had not been reported yet at {when}.</source>
        <translation>{when} 时 {ref} 尚未上报。</translation>
    </message>
    <message>
        <source>(paused: {why})</source>
        <translation>（暂停：{why}）</translation>
    </message>
    <message>
        <source>{ref} at {when}: {stage} · {severity} · {category} · grid {grid} · team {team} · {level}{supervised} · next due {due} · {events} events so far.
{title}</source>
        <translation>{ref} 于 {when}：{stage} · {severity} · {category} · 网格 {grid} · 队伍 {team} · {level}{supervised} · 下次到期 {due} · 已有 {events} 条记录。
{title}</translation>
    </message>
    <message>
        <source> · supervised</source>
        <translation> · 督办</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已达成</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待定</translation>
    </message>
</context>
<context>
    <name>CenterCommand</name>
    <message>
        <source>This database has no operators yet, and a center is loaded by an administrator. Create the first one, then import as them:
  python main.py operator add NAME --role admin
  python main.py center import DIR --operator NAME</source>
        <translation>这个数据库还没有操作员，而中心须由管理员导入。请先创建第一位管理员，再以其身份导入：
  python main.py operator add 用户名 --role admin
  python main.py center import 目录 --operator 用户名</translation>
    </message>
    <message>
        <source>{file}: rejected: {reason}</source>
        <translation>{file}：未导入：{reason}</translation>
    </message>
    <message>
        <source>wrote {file}</source>
        <translation>已写入 {file}</translation>
    </message>
</context>
<context>
    <name>CenterImport</name>
    <message>
        <source>{file}: rejected: {reason}</source>
        <translation>{file}：未导入：{reason}</translation>
    </message>
    <message>
        <source>center import of {directory}: {n} file(s), records rejected in {files}</source>
        <translation>中心导入 {directory}：共 {n} 个文件，以下文件有记录未导入：{files}</translation>
    </message>
    <message>
        <source>center import of {directory}: {n} file(s), every record taken</source>
        <translation>中心导入 {directory}：共 {n} 个文件，全部记录已导入</translation>
    </message>
    <message>
        <source>not UTF-8 text.</source>
        <translation>不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>not valid JSON: {why} (line {line}).</source>
        <translation>不是有效的 JSON：{why}（第 {line} 行）。</translation>
    </message>
    <message>
        <source>not a Watchroom center (its &quot;format&quot; is not {format}).</source>
        <translation>不是 Watchroom 中心包（其“format”不是 {format}）。</translation>
    </message>
    <message>
        <source>bundle version {version}; this Watchroom reads version {supported} and older: update Watchroom.</source>
        <translation>中心包版本为 {version}；本版 Watchroom 只能读取 {supported} 及更早的版本：请升级 Watchroom。</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>{file}: unchanged: {center}, time zone {zone}</source>
        <translation>{file}：未变：{center}，时区 {zone}</translation>
    </message>
    <message>
        <source>{file}: updated: {center}, time zone {zone}</source>
        <translation>{file}：已更新：{center}，时区 {zone}</translation>
    </message>
    <message>
        <source>{file}: {text}</source>
        <translation>{file}：{text}</translation>
    </message>
    <message>
        <source>{file}: {n} {level} areas unchanged.</source>
        <translation>{file}：{n} 个{level}区域未变。</translation>
    </message>
    <message>
        <source>{file}: English names set for {n} area(s).</source>
        <translation>{file}：已为 {n} 个区域设置英文名称。</translation>
    </message>
    <message>
        <source>{file}: retired: {code}</source>
        <translation>{file}：已销号：{code}</translation>
    </message>
    <message>
        <source>basemap {name}</source>
        <translation>底图 {name}</translation>
    </message>
</context>
<context>
    <name>CenterPage</name>
    <message>
        <source>The center</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Its name, and the time zone its shifts, deadlines and reports are read in, whatever the machine&apos;s zone.</source>
        <translation>中心名称，以及班次、时限和报表所用的时区（与本机时区无关）。</translation>
    </message>
    <message>
        <source>Center name</source>
        <translation>中心名称</translation>
    </message>
    <message>
        <source>e.g. 新河区城市运行管理中心</source>
        <translation>如 新河区城市运行管理中心</translation>
    </message>
    <message>
        <source>Find a time zone</source>
        <translation>查找时区</translation>
    </message>
    <message>
        <source>Type to find: Shanghai, Taipei, UTC+08…</source>
        <translation>输入查找：Shanghai、Taipei、UTC+08…</translation>
    </message>
    <message>
        <source>Time zones</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Deadlines already set keep their instants; new ones follow the zone chosen here.</source>
        <translation>已设定的时限保持原时刻；新的时限按此处选择的时区计算。</translation>
    </message>
    <message>
        <source>Center &amp;name</source>
        <translation>中心名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Time zone</source>
        <translation>时区(&amp;T)</translation>
    </message>
</context>
<context>
    <name>ChangesCommand</name>
    <message>
        <source>Pruned {n} change(s) older than {days} day(s) (before {cutoff}) in {batches} batch(es); pruned through {seq}.</source>
        <translation>已清理 {n} 条早于 {days} 天（{cutoff} 之前）的变更记录，共 {batches} 批；已清理至序号 {seq}。</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Save the chart as a PNG image</source>
        <translation>将图表保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Save {0} as PNG</source>
        <translation>将“{0}”保存为 PNG</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Save the chart&apos;s figures as CSV</source>
        <translation>将图表数据保存为 CSV</translation>
    </message>
    <message>
        <source>Save {0} as CSV</source>
        <translation>将“{0}”保存为 CSV</translation>
    </message>
    <message>
        <source>Could not write {0}</source>
        <translation>无法写入 {0}</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Save chart as PNG</source>
        <translation>将图表保存为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Save chart data as CSV</source>
        <translation>将图表数据保存为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>CloseIncidentDialog</name>
    <message>
        <source>Close {reference}</source>
        <translation>关闭 {reference}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>What happened and how it ended</source>
        <translation>事件经过及结果</translation>
    </message>
    <message>
        <source>After-action review</source>
        <translation>事后总结评估</translation>
    </message>
    <message>
        <source>What went well, what to change in the plan</source>
        <translation>做得好的地方，预案需要修改之处</translation>
    </message>
    <message>
        <source>Close the incident</source>
        <translation>关闭事件</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>总结(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>复盘(&amp;R)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>cannot open the database {where}: {reason}</source>
        <translation>无法打开数据库 {where}：{reason}</translation>
    </message>
    <message>
        <source>--password-stdin: no password on standard input</source>
        <translation>--password-stdin：标准输入中没有密码</translation>
    </message>
    <message>
        <source>no terminal to type the password on: pipe it in with --password-stdin</source>
        <translation>没有可输入密码的终端：请用 --password-stdin 从管道传入密码</translation>
    </message>
    <message>
        <source>{prompt}: </source>
        <translation>{prompt}：</translation>
    </message>
    <message>
        <source>{prompt} again: </source>
        <translation>再次输入{prompt}：</translation>
    </message>
    <message>
        <source>the two passwords differ; nothing was changed</source>
        <translation>两次输入的密码不一致；未做任何更改</translation>
    </message>
    <message>
        <source>the first operator of a database is its admin: use --role admin</source>
        <translation>数据库的第一位操作员是其管理员：请使用 --role admin</translation>
    </message>
    <message>
        <source>Password for {name}</source>
        <translation>{name} 的密码</translation>
    </message>
    <message>
        <source>Added {username} ({name}) as admin of this database.</source>
        <translation>已添加 {username}（{name}）为本数据库的管理员。</translation>
    </message>
    <message>
        <source>Added {username} ({name}) as {role}.</source>
        <translation>已添加 {username}（{name}），角色：{role}。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password for {name}</source>
        <translation>{name} 的新密码</translation>
    </message>
    <message>
        <source>Password set for {name}.</source>
        <translation>已为 {name} 设置密码。</translation>
    </message>
    <message>
        <source>{name} may sign in again at once.</source>
        <translation>{name} 现在可以立即重新登录。</translation>
    </message>
    <message>
        <source>Case {reference} reported in grid {grid}: {title}</source>
        <translation>案件 {reference} 已上报，网格 {grid}：{title}</translation>
    </message>
    <message>
        <source>{stage}, paused</source>
        <translation>{stage}（已暂停）</translation>
    </message>
    <message>
        <source>Case {reference} is now {stage}.</source>
        <translation>案件 {reference} 现为：{stage}。</translation>
    </message>
    <message>
        <source>seeding writes made-up history in the operators&apos; names: it needs an administrator, and {username} is {role}</source>
        <translation>生成历史数据会以操作员的名义写入虚构的记录：需要管理员执行，而 {username} 的角色是{role}</translation>
    </message>
    <message>
        <source>this database holds {n} real case(s): seeding would mix made-up history with them; use a database of its own, or --into-live if you mean it</source>
        <translation>这个数据库有 {n} 件真实案件：生成的虚构历史会与之混在一起；请使用单独的数据库，若确有此意请加 --into-live</translation>
    </message>
    <message>
        <source>cannot write {file}: {reason}</source>
        <translation>无法写入 {file}：{reason}</translation>
    </message>
    <message>
        <source>{n} escalation step(s)</source>
        <translation>升级 {n} 次</translation>
    </message>
    <message>
        <source>deadlines started for {n} case(s) that had none</source>
        <translation>已为 {n} 件尚无时限的案件开始计时</translation>
    </message>
    <message>
        <source>engine running on {database}; Ctrl+C to stop</source>
        <translation>引擎正在运行，数据库：{database}；按 Ctrl+C 停止</translation>
    </message>
    <message>
        <source>engine stopping</source>
        <translation>引擎正在停止</translation>
    </message>
    <message>
        <source>engine stopped</source>
        <translation>引擎已停止</translation>
    </message>
    <message>
        <source>intake API on http://{host}:{port}/api/v1 for {database}; photos in {photos}</source>
        <translation>接入接口已在 http://{host}:{port}/api/v1 运行，数据库 {database}；照片存放于 {photos}</translation>
    </message>
    <message>
        <source>intake API stopped</source>
        <translation>接入接口已停止</translation>
    </message>
    <message>
        <source>API token {name} ({scopes}) acts as operator {operator}; its secret is printed above, once: it cannot be shown again.</source>
        <translation>接口令牌 {name}（{scopes}）以操作员 {operator} 的身份操作；其密钥已在上方显示，仅此一次，无法再次查看。</translation>
    </message>
    <message>
        <source>API token {name} revoked.</source>
        <translation>接口令牌 {name} 已吊销。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>revoked {at}</source>
        <translation>已于 {at} 吊销</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>{name}	{scopes}	created {created}	last used {used}	{state}</source>
        <translation>{name}	{scopes}	创建于 {created}	最近使用 {used}	{state}</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>交班已签字</translation>
    </message>
    <message>
        <source>taken over</source>
        <translation>已接班</translation>
    </message>
    <message>
        <source>handover {id} ({status}): {open} open cases, {escalations} escalations -&gt; {out}</source>
        <translation>交接单 {id}（{status}）：在办案件 {open} 件，升级 {escalations} 次 -&gt; {out}</translation>
    </message>
    <message>
        <source>preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>error: a PDF bulletin needs --out FILE.pdf</source>
        <translation>错误：PDF 通报需要 --out 文件.pdf</translation>
    </message>
    <message>
        <source>error: --scope chooses the rankings of a CSV bulletin; the PDF has them all</source>
        <translation>错误：--scope 用于选择 CSV 通报中的排名；PDF 通报包含全部排名</translation>
    </message>
    <message>
        <source>error: this territory has no {levels} level to rank</source>
        <translation>错误：本辖区没有可排名的{levels}层级</translation>
    </message>
    <message>
        <source> and no </source>
        <translation>、</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>bulletin {month}: {registered} registered, {closed} closed, {ranked} ranked -&gt; {out}</source>
        <translation>{month} 通报：立案 {registered} 件，结案 {closed} 件，排名 {ranked} -&gt; {out}</translation>
    </message>
    <message>
        <source>{n} grid</source>
        <translation>{n} 个网格</translation>
    </message>
    <message>
        <source>{n} grids</source>
        <translation>{n} 个网格</translation>
    </message>
    <message>
        <source>{n} community</source>
        <translation>{n} 个社区</translation>
    </message>
    <message>
        <source>{n} communities</source>
        <translation>{n} 个社区</translation>
    </message>
    <message>
        <source>{n} street</source>
        <translation>{n} 个街道</translation>
    </message>
    <message>
        <source>{n} streets</source>
        <translation>{n} 个街道</translation>
    </message>
    <message>
        <source>{n} team</source>
        <translation>{n} 支队伍</translation>
    </message>
    <message>
        <source>{n} teams</source>
        <translation>{n} 支队伍</translation>
    </message>
    <message>
        <source>revision: {revision} (upgraded)</source>
        <translation>数据库结构版本：{revision}（已升级）</translation>
    </message>
    <message>
        <source>revision: {revision} (already current)</source>
        <translation>数据库结构版本：{revision}（已是最新）</translation>
    </message>
    <message>
        <source>error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>error: the database refused: {reason}</source>
        <translation>错误：数据库拒绝了操作：{reason}</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Basemap {name} ({kind}, zoom {low}–{high}): {location}</source>
        <translation>底图 {name}（{kind}，缩放级 {low}–{high}）：{location}</translation>
    </message>
    <message>
        <source>Attribution: {text}</source>
        <translation>版权说明：{text}</translation>
    </message>
    <message>
        <source>Basemap {name} removed.</source>
        <translation>底图 {name} 已移除。</translation>
    </message>
    <message>
        <source>No basemaps yet: python main.py basemap add FILE|DIR|URL</source>
        <translation>尚无底图：python main.py basemap add 文件|目录|网址</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <source>Find an action or a case</source>
        <translation>查找操作或案件</translation>
    </message>
    <message>
        <source>Type an action (new case, theme…) or a case reference or title</source>
        <translation>输入操作（新建案件、主题…）或案件编号、标题</translation>
    </message>
    <message>
        <source>Matching actions and cases</source>
        <translation>匹配的操作和案件</translation>
    </message>
    <message>
        <source>↑↓ choose · Enter run · Esc close</source>
        <translation>↑↓ 选择 · Enter 执行 · Esc 关闭</translation>
    </message>
    <message>
        <source>Case {ref} · {title} · {stage}</source>
        <translation>案件 {ref} · {title} · {stage}</translation>
    </message>
    <message>
        <source>Category {name}: its open cases</source>
        <translation>类别 {name}：其未结案件</translation>
    </message>
    <message>
        <source>Team {code} · {name}</source>
        <translation>队伍 {code} · {name}</translation>
    </message>
    <message>
        <source>Grid {code} · {name}</source>
        <translation>网格 {code} · {name}</translation>
    </message>
    <message>
        <source>Hazard {code} · {name} · {grid}</source>
        <translation>风险源 {code} · {name} · {grid}</translation>
    </message>
    <message>
        <source>Member {name} · {team} · {role}</source>
        <translation>队员 {name} · {team} · {role}</translation>
    </message>
</context>
<context>
    <name>ConsoleStatusBar</name>
    <message>
        <source>Duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审阅员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Engine off</source>
        <translation>引擎未运行</translation>
    </message>
    <message>
        <source>No escalation engine runs in this console</source>
        <translation>本控制台未运行升级引擎</translation>
    </message>
    <message>
        <source>Engine on</source>
        <translation>引擎运行中</translation>
    </message>
    <message>
        <source>This console&apos;s engine fires the deadline timers</source>
        <translation>本控制台的引擎负责时限计时</translation>
    </message>
    <message>
        <source>Engine: leader</source>
        <translation>引擎：主</translation>
    </message>
    <message>
        <source>This console&apos;s engine fires the deadline timers for every seat</source>
        <translation>本控制台的引擎为所有席位负责时限计时</translation>
    </message>
    <message>
        <source>Engine: standby</source>
        <translation>引擎：备</translation>
    </message>
    <message>
        <source>Console time, in the center&apos;s time zone ({zone}); every time on screen is in it</source>
        <translation>控制台时间，按中心时区（{zone}）；屏幕上的所有时间均为该时区</translation>
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message>
        <source>Acting as {username}</source>
        <translation>当前身份：{username}</translation>
    </message>
    <message>
        <source>Where this console&apos;s data lives: {where}</source>
        <translation>本控制台数据所在位置：{where}</translation>
    </message>
    <message>
        <source>Another engine fires the timers; this one takes over if it stops</source>
        <translation>另一引擎负责计时；若其停止，本引擎将接管</translation>
    </message>
    <message>
        <source>Open cases, and how many of them are paused</source>
        <translation>在办案件数及其中已暂停的数量</translation>
    </message>
    <message>
        <source>Open cases past a deadline (breached, level 2 or 3)</source>
        <translation>已超期的在办案件（超时，2 级或 3 级）</translation>
    </message>
    <message>
        <source>Open {open} · paused {paused}</source>
        <translation>在办 {open} · 暂停 {paused}</translation>
    </message>
    <message>
        <source>Overdue {n}</source>
        <translation>超期 {n}</translation>
    </message>
    <message>
        <source>Database: reconnecting…</source>
        <translation>数据库：正在重新连接…</translation>
    </message>
    <message>
        <source>The connection to the database server was lost; this console reconnects by itself (to the standby once it is promoted). Nothing committed is lost.</source>
        <translation>与数据库服务器的连接已断开；本控制台会自动重新连接（备用服务器升为主库后即连接到它）。已提交的内容不会丢失。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Period of the KPI table</source>
        <translation>指标表的统计周期</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Whole history</source>
        <translation>全部历史</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Recompute the dashboard</source>
        <translation>重新计算仪表盘</translation>
    </message>
    <message>
        <source>Monthly bulletin…</source>
        <translation>月度通报…</translation>
    </message>
    <message>
        <source>Save the monthly bulletin</source>
        <translation>保存月度通报</translation>
    </message>
    <message>
        <source>Dashboard computation progress</source>
        <translation>仪表盘计算进度</translation>
    </message>
    <message>
        <source>KPI table:</source>
        <translation>指标表：</translation>
    </message>
    <message>
        <source>Cases reported per hour, last 24 hours</source>
        <translation>每小时上报案件数（最近 24 小时）</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>件</translation>
    </message>
    <message>
        <source>Cases reported per day, last 30 days</source>
        <translation>每日上报案件数（最近 30 天）</translation>
    </message>
    <message>
        <source>Open cases by stage</source>
        <translation>各环节在办案件</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>On-time closure rate per day</source>
        <translation>每日按时结案率</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Time to close, last 30 days</source>
        <translation>结案用时（最近 30 天）</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Escalations per shift</source>
        <translation>每班升级次数</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Breached for long</source>
        <translation>长时间超时</translation>
    </message>
    <message>
        <source>Chart shown</source>
        <translation>显示的图表</translation>
    </message>
    <message>
        <source>C&amp;hart:</source>
        <translation>图表(&amp;H)：</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Save the chart as a PNG image</source>
        <translation>将图表保存为 PNG 图片</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Save the chart&apos;s figures as CSV</source>
        <translation>将图表数据保存为 CSV</translation>
    </message>
    <message>
        <source>Level of the areas ranked</source>
        <translation>排名的区域层级</translation>
    </message>
    <message>
        <source>Rank grids, or add them up per community or per street</source>
        <translation>按网格排名，或按社区、街道汇总后排名</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Joint handling figures per</source>
        <translation>协同处置指标统计维度</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Per area</source>
        <translation>按区域</translation>
    </message>
    <message>
        <source>Per team</source>
        <translation>按队伍</translation>
    </message>
    <message>
        <source>Joint handling</source>
        <translation>协同处置</translation>
    </message>
    <message>
        <source>&amp;Per:</source>
        <translation>统计维度(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Rank by:</source>
        <translation>排名依据(&amp;R)：</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Could not compute the figures: {0}</source>
        <translation>无法计算数据：{0}</translation>
    </message>
    <message>
        <source>Table since {0}; computed at {1}</source>
        <translation>统计自 {0}；计算于 {1}</translation>
    </message>
    <message>
        <source>This territory has no {level} level: load its areas (Territory › Re-import a file) to rank by it.</source>
        <translation>本辖区没有{level}层级：请先导入其区域（辖区 › 重新导入文件）再按此排名。</translation>
    </message>
    <message>
        <source>This territory has no areas of that level.</source>
        <translation>本辖区没有该层级的区域。</translation>
    </message>
    <message>
        <source>Could not compute the table: {0}</source>
        <translation>无法计算该表：{0}</translation>
    </message>
    <message>
        <source>Grids in no {level}</source>
        <translation>不属于任何{level}的网格</translation>
    </message>
    <message>
        <source>{n} row(s)</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>No areas at this level.</source>
        <translation>该层级没有区域。</translation>
    </message>
    <message>
        <source>Monthly bulletin</source>
        <translation>月度通报</translation>
    </message>
    <message>
        <source>Month (YYYY-MM):</source>
        <translation>月份（YYYY-MM）：</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf);;CSV files (*.csv)</source>
        <translation>PDF 文档 (*.pdf);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Preparing the bulletin for {0}…</source>
        <translation>正在生成 {0} 的通报…</translation>
    </message>
    <message>
        <source>Bulletin saved to {0}</source>
        <translation>通报已保存至 {0}</translation>
    </message>
    <message>
        <source>No bulletin: {0}</source>
        <translation>未生成通报：{0}</translation>
    </message>
</context>
<context>
    <name>DeadlineKinds</name>
    <message>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>巡查</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Report upward</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Report in</source>
        <translation>报到</translation>
    </message>
    <message>
        <source>Assisting part</source>
        <translation>协办任务</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
</context>
<context>
    <name>DemoSetUp</name>
    <message>
        <source>Loaded the demo center {name} from {bundle}/: {grids} grids in {communities} communities, {teams} teams, {members} members, {operators} operators, {hazards} hazards.</source>
        <translation>已从 {bundle}/ 载入演示中心 {name}：{communities} 个社区的 {grids} 个网格，{teams} 支队伍，{members} 名队员，{operators} 名操作员，{hazards} 个风险源。</translation>
    </message>
    <message>
        <source>Demo operators sign in with the password {password}.</source>
        <translation>演示操作员的登录密码是 {password}。</translation>
    </message>
    <message>
        <source>Recorded {n} past inspection(s) of the registered hazards.</source>
        <translation>已记录登记风险源的 {n} 次历史巡查。</translation>
    </message>
    <message>
        <source>Seeding {cases} cases over {days} days ({open} still open)…</source>
        <translation>正在生成 {days} 天内的 {cases} 件案件（其中 {open} 件在办）…</translation>
    </message>
    <message>
        <source>Seeded {cases} cases with {entries} audit entries in {seconds} s; deadlines started for {n} open case(s).</source>
        <translation>已生成 {cases} 件案件、{entries} 条审计记录，用时 {seconds} 秒；{n} 件在办案件已开始计时。</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <source>Team to dispatch to</source>
        <translation>派往队伍</translation>
    </message>
    <message>
        <source>Assisting teams (协办), if the case needs more than one:</source>
        <translation>协办队伍（案件需要多个部门时）：</translation>
    </message>
    <message>
        <source>Assisting teams</source>
        <translation>协办队伍</translation>
    </message>
    <message>
        <source>Parts of the assisting teams</source>
        <translation>各协办队伍的分工</translation>
    </message>
    <message>
        <source>Each assisting team&apos;s part, one line each in the order ticked (e.g. clear the vehicles)</source>
        <translation>各协办队伍的分工，按勾选顺序每行一项（例如：清理车辆）</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Dispatch {ref}</source>
        <translation>派遣 {ref}</translation>
    </message>
    <message>
        <source>Dispatch {ref} “{title}” to:</source>
        <translation>将 {ref}“{title}”派遣至：</translation>
    </message>
    <message>
        <source>Suggested for {category}: {team}</source>
        <translation>{category}的建议队伍：{team}</translation>
    </message>
    <message>
        <source>No team of the usual kind; choose one.</source>
        <translation>没有对应类型的队伍，请选择一支。</translation>
    </message>
</context>
<context>
    <name>DispatchMembersDialog</name>
    <message>
        <source>Members to send</source>
        <translation>派出队员</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Dispatch {ref} to {team}</source>
        <translation>将 {ref} 派遣至 {team}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{ref}&lt;/b&gt; “{title}” — {category}, severity {severity}&lt;br&gt;to &lt;b&gt;{team}&lt;/b&gt; {name}</source>
        <translation>&lt;b&gt;{ref}&lt;/b&gt;“{title}”— {category}，严重度 {severity}&lt;br&gt;派往 &lt;b&gt;{team}&lt;/b&gt; {name}</translation>
    </message>
    <message>
        <source>Any available member of {team} can go: {n} proposed.</source>
        <translation>{team} 的任一可用队员均可前往：已建议 {n} 人。</translation>
    </message>
    <message>
        <source>Needs {need}: {n} available members of {team} qualify, those on shift first.</source>
        <translation>需要 {need}：{team} 有 {n} 名可用队员符合，在班者优先。</translation>
    </message>
    <message>
        <source>No available member of {team} holds {need}.</source>
        <translation>{team} 没有持有 {need} 的可用队员。</translation>
    </message>
    <message numerus="yes">
        <source>Send %n member(s)</source>
        <translation>
            <numerusform>派出 %n 名队员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Dispatch with %n member(s)</source>
        <translation>
            <numerusform>派遣并派出 %n 名队员</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispatch without members</source>
        <translation>派遣（不指定队员）</translation>
    </message>
    <message>
        <source>Sending these members leaves {team} with {left} of the {needed} its shift needs ({ready} ready now): a readiness gap.</source>
        <translation>派出这些队员后，{team} 本班只剩 {left} 人，低于所需的 {needed} 人（当前在岗可用 {ready} 人）：将出现备勤缺口。</translation>
    </message>
</context>
<context>
    <name>DomainMessages</name>
    <message>
        <source>duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>审阅员</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>add operators</source>
        <translation>添加操作员</translation>
    </message>
    <message>
        <source>manage operators</source>
        <translation>管理操作员</translation>
    </message>
    <message>
        <source>reset other operators&apos; passwords</source>
        <translation>重置其他操作员的密码</translation>
    </message>
    <message>
        <source>clear a sign-in wait</source>
        <translation>解除登录等待</translation>
    </message>
    <message>
        <source>report cases</source>
        <translation>上报案件</translation>
    </message>
    <message>
        <source>change cases</source>
        <translation>更改案件</translation>
    </message>
    <message>
        <source>import alerts</source>
        <translation>导入预警</translation>
    </message>
    <message>
        <source>import cases</source>
        <translation>导入案件</translation>
    </message>
    <message>
        <source>import hazards</source>
        <translation>导入风险源</translation>
    </message>
    <message>
        <source>import teams</source>
        <translation>导入队伍</translation>
    </message>
    <message>
        <source>import rosters</source>
        <translation>导入值班表</translation>
    </message>
    <message>
        <source>import operators</source>
        <translation>导入操作员</translation>
    </message>
    <message>
        <source>import a center</source>
        <translation>导入中心</translation>
    </message>
    <message>
        <source>export the center</source>
        <translation>导出中心</translation>
    </message>
    <message>
        <source>change the center&apos;s settings</source>
        <translation>更改中心设置</translation>
    </message>
    <message>
        <source>configure paging channels</source>
        <translation>配置寻呼通道</translation>
    </message>
    <message>
        <source>configure paging rules</source>
        <translation>配置寻呼规则</translation>
    </message>
    <message>
        <source>send test pages</source>
        <translation>发送测试寻呼</translation>
    </message>
    <message>
        <source>acknowledge pages</source>
        <translation>确认寻呼</translation>
    </message>
    <message>
        <source>prune the change feed</source>
        <translation>清理变更记录</translation>
    </message>
    <message>
        <source>case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>case with id</source>
        <translation>案件 ID</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>team with id</source>
        <translation>队伍 ID</translation>
    </message>
    <message>
        <source>team kind</source>
        <translation>队伍类型</translation>
    </message>
    <message>
        <source>member with id</source>
        <translation>队员 ID</translation>
    </message>
    <message>
        <source>operator named</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>operator with id</source>
        <translation>操作员 ID</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>hazard</source>
        <translation>风险源</translation>
    </message>
    <message>
        <source>registered hazard</source>
        <translation>已登记的风险源</translation>
    </message>
    <message>
        <source>hazard kind</source>
        <translation>风险源类型</translation>
    </message>
    <message>
        <source>handover</source>
        <translation>交接单</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>shift with id</source>
        <translation>班次 ID</translation>
    </message>
    <message>
        <source>shift kind</source>
        <translation>班次类型</translation>
    </message>
    <message>
        <source>paging channel</source>
        <translation>寻呼通道</translation>
    </message>
    <message>
        <source>paging rule</source>
        <translation>寻呼规则</translation>
    </message>
    <message>
        <source>page with code</source>
        <translation>寻呼编码</translation>
    </message>
    <message>
        <source>channel kind</source>
        <translation>通道类型</translation>
    </message>
    <message>
        <source>trigger</source>
        <translation>触发条件</translation>
    </message>
    <message>
        <source>target</source>
        <translation>寻呼对象</translation>
    </message>
    <message>
        <source>time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>working day</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>import format</source>
        <translation>导入格式</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source> Use one of: {values}.</source>
        <translation>可用的值：{values}。</translation>
    </message>
    <message>
        <source>1 ({critical}), 2 ({high}), 3 ({medium}) or 4 ({low})</source>
        <translation>1（{critical}）、2（{high}）、3（{medium}）或 4（{low}）</translation>
    </message>
    <message>
        <source>No {what} {value}.</source>
        <translation>没有{what} {value}。</translation>
    </message>
    <message>
        <source>Unknown {what} {value}.</source>
        <translation>未知的{what} {value}。</translation>
    </message>
    <message>
        <source>{who} ({role}) may not {what}; that needs: {roles}.</source>
        <translation>{who}（{role}）无权{what}；需要以下角色：{roles}。</translation>
    </message>
    <message>
        <source>{thing} was changed by {who} at {when}: reload and try again.</source>
        <translation>{thing}已被{who}于 {when} 修改：请刷新后重试。</translation>
    </message>
    <message>
        <source>{thing} was changed by someone else: reload and try again.</source>
        <translation>{thing}已被他人修改：请刷新后重试。</translation>
    </message>
    <message>
        <source>Cannot {action} case {ref}: it is {state}. Legal next steps: {steps}.</source>
        <translation>无法对案件 {ref} 执行“{action}”：它处于“{state}”。可执行的下一步：{steps}。</translation>
    </message>
    <message>
        <source>Case {ref} is closed.</source>
        <translation>案件 {ref} 已结案。</translation>
    </message>
    <message>
        <source>No case {ref}.</source>
        <translation>没有案件 {ref}。</translation>
    </message>
    <message>
        <source>({point}) is outside the territory (nearest grid {grid}, {distance}).</source>
        <translation>（{point}）不在辖区内（最近的网格 {grid}，{distance}）。</translation>
    </message>
    <message>
        <source>({point}) is outside the territory: the territory has no grids yet.</source>
        <translation>（{point}）不在辖区内：辖区尚无网格。</translation>
    </message>
    <message>
        <source>The point ({point}) lies in grid {found}, not {given}: give one or the other, or correct it.</source>
        <translation>该点（{point}）位于网格 {found}，而非 {given}：请只给出其一，或加以更正。</translation>
    </message>
    <message>
        <source>No address in the gazetteer matches {text}.</source>
        <translation>地名地址库中没有与 {text} 匹配的地址。</translation>
    </message>
    <message>
        <source>{text} matches several addresses: {listed}; give the whole address.</source>
        <translation>{text} 匹配多个地址：{listed}；请给出完整地址。</translation>
    </message>
    <message>
        <source>Say where: a grid, or a point (longitude and latitude).</source>
        <translation>请说明位置：网格，或一个点（经度和纬度）。</translation>
    </message>
    <message>
        <source>({point}) is not on Earth: longitude -180..180, latitude -90..90 (longitude first).</source>
        <translation>（{point}）不在地球上：经度 -180..180，纬度 -90..90（经度在前）。</translation>
    </message>
    <message>
        <source>Unknown grid(s): {codes}.</source>
        <translation>未知的网格：{codes}。</translation>
    </message>
    <message>
        <source>The {field} must not be empty.</source>
        <translation>{field}不能为空。</translation>
    </message>
    <message>
        <source>The {field} is {n} characters; at most {limit}.</source>
        <translation>{field}有 {n} 个字符，最多 {limit} 个。</translation>
    </message>
    <message>
        <source>The severity must be {choices}, not {value}.</source>
        <translation>严重程度须为 {choices}，不能是 {value}。</translation>
    </message>
    <message>
        <source>No operator named {name} in this database; use --operator with one of: {names}.</source>
        <translation>本数据库没有操作员 {name}；请用 --operator 指定以下之一：{names}。</translation>
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation>操作员名称或密码错误。</translation>
    </message>
    <message>
        <source>A password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>A password may have at most {n} characters.</source>
        <translation>密码最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>A password may not start or end with spaces.</source>
        <translation>密码的开头和结尾不能是空格。</translation>
    </message>
    <message>
        <source>Give your current password to change it.</source>
        <translation>修改密码须提供当前密码。</translation>
    </message>
    <message>
        <source>Operator {name} already exists.</source>
        <translation>操作员 {name} 已存在。</translation>
    </message>
    <message>
        <source>Operator {name} has been deactivated; ask an admin to reactivate it.</source>
        <translation>操作员 {name} 已停用；请管理员重新启用。</translation>
    </message>
    <message>
        <source>new operator {name}: one-time password {password} (shown only here: hand it over; they set their own with: {command})</source>
        <translation>新操作员 {name}：一次性密码 {password}（只在这里显示：请转交本人；本人用以下命令设置自己的密码：{command}）</translation>
    </message>
    <message>
        <source>new operator {name} has no password yet: an admin sets one (operator passwd).</source>
        <translation>新操作员 {name} 还没有密码：由管理员设置（operator passwd）。</translation>
    </message>
    <message>
        <source>{label}: {n} shifts generated from {first} to {last}</source>
        <translation>{label}：已生成 {first} 至 {last} 的 {n} 个班次</translation>
    </message>
    <message>
        <source>, {n} places left empty</source>
        <translation>，{n} 个岗位空缺</translation>
    </message>
    <message>
        <source>{n} pending deadlines of open cases moved to the new limits.</source>
        <translation>在办案件的 {n} 个未到期时限已按新的时限调整。</translation>
    </message>
    <message>
        <source>{kind} {value} is not a CAP value; use one of: {values}</source>
        <translation>{kind} 的值 {value} 不是 CAP 规定的取值；可用的值：{values}</translation>
    </message>
    <message>
        <source>an alert needs an event or a headline; this record has neither</source>
        <translation>预警须有事件（event）或标题（headline），这条记录两者都没有</translation>
    </message>
    <message>
        <source>grid {value} is not a grid of this district</source>
        <translation>网格 {value} 不属于本辖区</translation>
    </message>
    <message>
        <source> (known: {known})</source>
        <translation>（已有：{known}）</translation>
    </message>
    <message>
        <source>{label} {value} is not a date and time (write it like 2026-11-22T08:00:00+08:00)</source>
        <translation>{label} 的值 {value} 不是日期时间（请写成 2026-11-22T08:00:00+08:00 这样的格式）</translation>
    </message>
    <message>
        <source>{label} {value} has no time zone; add one (+08:00 or Z) so the time is not misread</source>
        <translation>{label} 的值 {value} 没有时区；请加上时区（+08:00 或 Z），以免时间被误读</translation>
    </message>
    <message>
        <source>not valid JSON at column {column}: {why}</source>
        <translation>不是有效的 JSON，第 {column} 列：{why}</translation>
    </message>
    <message>
        <source>the header lacks the column(s) {missing}; expected: {expected}</source>
        <translation>表头缺少列 {missing}；应有的列：{expected}</translation>
    </message>
    <message>
        <source>a case CSV needs the column(s) {missing} (it has: {has})</source>
        <translation>案件 CSV 须有列 {missing}（现有：{has}）</translation>
    </message>
    <message>
        <source>column(s) {columns} are not known fields; ignored</source>
        <translation>列 {columns} 不是可识别的字段，已忽略</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>the file holds no records</source>
        <translation>文件中没有记录</translation>
    </message>
    <message>
        <source>case {ref} reported</source>
        <translation>案件 {ref} 已上报</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>Changed meanwhile</source>
        <translation>数据已被他人修改</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>未被接受</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>{kind}: {text}</source>
        <translation>{kind}：{text}</translation>
    </message>
</context>
<context>
    <name>Durations</name>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
    <message>
        <source>{h} h {m} m</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <source>{m} m</source>
        <translation>{m} 分</translation>
    </message>
    <message>
        <source>&lt; 1 m</source>
        <translation>&lt; 1 分</translation>
    </message>
    <message>
        <source>{d} d {h:02d} h</source>
        <translation>{d} 天 {h:02d} 小时</translation>
    </message>
    <message>
        <source>{h} h {m:02d} m</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m} m {s:02d} s</source>
        <translation>{m} 分 {s:02d} 秒</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>&lt; 1 min</source>
        <translation>不足 1 分钟</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
</context>
<context>
    <name>DutyModel</name>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用状态</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Counts towards readiness</source>
        <translation>计入战备</translation>
    </message>
    <message>
        <source>Does not count towards readiness (not available, or lacks the team&apos;s qualification)</source>
        <translation>不计入战备（不可用，或不具备队伍所需资质）</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一班</translation>
    </message>
    <message>
        <source>{label} · {crew} {start}–{end}</source>
        <translation>{label} · {crew} {start}–{end}</translation>
    </message>
</context>
<context>
    <name>EscalationBanner</name>
    <message>
        <source>{kind} due {when}</source>
        <translation>{kind}时限 {when}</translation>
    </message>
    <message>
        <source>Click to show · Esc to dismiss</source>
        <translation>单击显示 · Esc 关闭</translation>
    </message>
    <message>
        <source>Dismiss (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>▲ {n} cases breached a deadline: {cases}</source>
        <translation>▲ {n} 件案件超过时限：{cases}</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation>，另有 {n} 件</translation>
    </message>
</context>
<context>
    <name>Escalations</name>
    <message>
        <source>inspection coming due</source>
        <translation>巡查即将到期</translation>
    </message>
    <message>
        <source>inspection overdue</source>
        <translation>巡查超期</translation>
    </message>
    <message>
        <source>inspection overdue for long</source>
        <translation>巡查长时间超期</translation>
    </message>
    <message>
        <source>{kind} deadline {level}</source>
        <translation>{kind}时限{level}</translation>
    </message>
    <message>
        <source>{time} late</source>
        <translation>已超时 {time}</translation>
    </message>
    <message>
        <source>due in {time}</source>
        <translation>{time}后到期</translation>
    </message>
    <message>
        <source>{reference}  {kind}  level {level} ({meaning})  {lateness}</source>
        <translation>{reference}  {kind}  {level} 级（{meaning}）  {lateness}</translation>
    </message>
</context>
<context>
    <name>FeedHeartbeatsView</name>
    <message>
        <source>Feeds and their last heartbeat</source>
        <translation>数据源及其最近心跳</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Last beat</source>
        <translation>最近心跳</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Feeds: {n}, silent: {silent}</source>
        <translation>数据源：{n} 个，失联：{silent} 个</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>失联</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>FiguresDialog</name>
    <message>
        <source>Figures · {reference}</source>
        <translation>伤亡及影响数据 · {reference}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>This database has no operators yet. You become its administrator: you add the duty officers, coordinators and reviewers afterwards (Tools → Operators).</source>
        <translation>此数据库尚无操作员。您将成为管理员，之后再添加值班员、协调员和审阅员（工具 → 操作员）。</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>操作员账号</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>At least {n} characters</source>
        <translation>至少 {n} 个字符</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>Operator &amp;name</source>
        <translation>操作员账号(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>姓名(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>再次输入密码(&amp;A)</translation>
    </message>
    <message>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>GazetteerCommand</name>
    <message>
        <source>no address matches {text}</source>
        <translation>没有与 {text} 相符的地址</translation>
    </message>
    <message>
        <source>the gazetteer holds no addresses yet: load the center&apos;s address file first (python main.py gazetteer import FILE)</source>
        <translation>地址库中还没有地址：请先导入本中心的门牌地址文件（python main.py gazetteer import FILE）</translation>
    </message>
</context>
<context>
    <name>GazetteerImport</name>
    <message>
        <source>{file}: {added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected</source>
        <translation>{file}：新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条，未导入 {rejected} 条</translation>
    </message>
    <message>
        <source>{file}: note: coordinates read as GCJ-02 and stored as WGS84</source>
        <translation>{file}：提示：坐标按 GCJ-02 读取，已转换为 WGS84 保存</translation>
    </message>
    <message>
        <source>{file}: note: columns ignored: {columns}</source>
        <translation>{file}：提示：已忽略的列：{columns}</translation>
    </message>
    <message>
        <source>{file}:{line}: rejected: {reason}</source>
        <translation>{file} 第 {line} 行：未导入：{reason}</translation>
    </message>
    <message>
        <source>{file}: {n} more rejected rows not listed</source>
        <translation>{file}：另有 {n} 行未导入，未逐条列出</translation>
    </message>
    <message>
        <source>longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>没有地址</translation>
    </message>
    <message>
        <source>the address is longer than {n} characters</source>
        <translation>地址超过 {n} 个字符</translation>
    </message>
    <message>
        <source>no {axis}</source>
        <translation>没有{axis}</translation>
    </message>
    <message>
        <source>{axis} {value} is not a number</source>
        <translation>{axis} {value} 不是数字</translation>
    </message>
    <message>
        <source>({lon}, {lat}) is not on Earth (longitude -180..180, latitude -90..90)</source>
        <translation>({lon}, {lat}) 不在地球上（经度 -180..180，纬度 -90..90）</translation>
    </message>
    <message>
        <source>({lon}, {lat}) is outside the territory (nearest grid {grid}, {distance})</source>
        <translation>({lon}, {lat}) 不在辖区内（最近的网格 {grid}，{distance}）</translation>
    </message>
    <message>
        <source>the address repeats line {first}; the first is kept</source>
        <translation>地址与第 {first} 行重复；保留第一条</translation>
    </message>
    <message>
        <source>not valid CSV: {why}</source>
        <translation>不是有效的 CSV：{why}</translation>
    </message>
    <message>
        <source>{cells} cells but the header names {header} (a comma inside an unquoted value?)</source>
        <translation>有 {cells} 个单元格，但表头只有 {header} 列（未加引号的值里有逗号？）</translation>
    </message>
</context>
<context>
    <name>GridMap</name>
    <message>
        <source>What colours the cells</source>
        <translation>网格着色依据</translation>
    </message>
    <message>
        <source>Map layer</source>
        <translation>地图图层</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Show each cell&apos;s open cases as a badge, ringed when some are overdue (not on the open-cases layer, whose figures are that count)</source>
        <translation>以徽标显示各网格的未结案件数，有超期时加圈（“未结案件”图层不显示，因格内数字即为该数）</translation>
    </message>
    <message>
        <source>Show case markers</source>
        <translation>显示案件标记</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation>风险源</translation>
    </message>
    <message>
        <source>Show watched hazards where they are</source>
        <translation>在所在位置显示在管风险源</translation>
    </message>
    <message>
        <source>Show hazard markers</source>
        <translation>显示风险源标记</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>警报</translation>
    </message>
    <message>
        <source>Show open alerts where their areas are</source>
        <translation>在警报区域处显示未结警报</translation>
    </message>
    <message>
        <source>Show alert markers</source>
        <translation>显示警报标记</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Show where each team is based</source>
        <translation>显示各队伍的驻地</translation>
    </message>
    <message>
        <source>Show team bases</source>
        <translation>显示队伍驻地</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大（+）</translation>
    </message>
    <message>
        <source>Zoom out (−)</source>
        <translation>缩小（−）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show the whole district (0)</source>
        <translation>显示整个辖区（0）</translation>
    </message>
    <message>
        <source>✕ All grids</source>
        <translation>✕ 全部网格</translation>
    </message>
    <message>
        <source>Stop filtering the board to one grid</source>
        <translation>取消看板的单网格筛选</translation>
    </message>
    <message>
        <source>No KPI service to read closure rates</source>
        <translation>没有可读取结案率的指标服务</translation>
    </message>
    <message>
        <source>{layer} ({scope})</source>
        <translation>{layer}（{scope}）</translation>
    </message>
    <message>
        <source>Markers: ● a case at its point, ● with a number: cases close together (click to zoom in), ▲ an alert, ■ a team&apos;s base, ◆ a hazard</source>
        <translation>标记：● 案件所在点，带数字的 ●：相邻的多个案件（点击放大），▲ 警报，■ 队伍驻地，◆ 隐患</translation>
    </message>
    <message>
        <source>Board and registry show grid {code} only.</source>
        <translation>看板和台账仅显示网格 {code}。</translation>
    </message>
    <message>
        <source>Reading figures…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Reading closure rates…</source>
        <translation>正在读取结案率…</translation>
    </message>
    <message>
        <source>Closure rates read at {time}.</source>
        <translation>结案率读取于 {time}。</translation>
    </message>
    <message>
        <source>Click a cell to show its cases and hazards. Wheel or +/− zoom, drag pans.</source>
        <translation>单击网格显示其案件和风险源。滚轮或 +/− 缩放，拖动平移。</translation>
    </message>
    <message>
        <source>The map could not read its figures: {error}</source>
        <translation>地图无法读取数据：{error}</translation>
    </message>
    <message>
        <source>Team {code} is based here: {name}</source>
        <translation>队伍 {code} 驻扎于此：{name}</translation>
    </message>
    <message numerus="yes">
        <source>%n open case(s) here: click to zoom in</source>
        <translation>
            <numerusform>此处有 %n 个未结案件：点击放大</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open alert(s) here: click to zoom in</source>
        <translation>
            <numerusform>此处有 %n 条未结警报：点击放大</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GridMapView</name>
    <message>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
</context>
<context>
    <name>GridTeamsEditor</name>
    <message>
        <source>Teams based here</source>
        <translation>驻扎在此的队伍</translation>
    </message>
    <message>
        <source>Teams based in this grid</source>
        <translation>驻扎在本网格的队伍</translation>
    </message>
    <message>
        <source>Team to base in this grid</source>
        <translation>要驻扎到本网格的队伍</translation>
    </message>
    <message>
        <source>Choose a team to base here…</source>
        <translation>选择要驻扎在此的队伍…</translation>
    </message>
    <message>
        <source>&amp;Base here</source>
        <translation>驻扎在此(&amp;B)</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>No team is based in this grid.</source>
        <translation>本网格没有驻扎队伍。</translation>
    </message>
    <message>
        <source>based in {grid}</source>
        <translation>驻扎于 {grid}</translation>
    </message>
    <message>
        <source>based nowhere</source>
        <translation>未驻扎</translation>
    </message>
    <message>
        <source>{n} member(s)</source>
        <translation>{n} 名队员</translation>
    </message>
    <message>
        <source>Only a coordinator or an administrator may assign teams.</source>
        <translation>只有协调员或管理员可以分配队伍。</translation>
    </message>
    <message>
        <source>Base the chosen team here: it leaves the grid it was based in (a team has one base grid)</source>
        <translation>将所选队伍驻扎在此：它将离开原驻扎网格（每支队伍只有一个驻扎网格）</translation>
    </message>
    <message>
        <source>Take the team picked in the list out of this grid: it is then based nowhere</source>
        <translation>将列表中选中的队伍移出本网格：之后它不驻扎于任何网格</translation>
    </message>
    <message>
        <source>{team} is based in {grid} now.</source>
        <translation>{team} 现驻扎于 {grid}。</translation>
    </message>
    <message>
        <source>{team} is no longer based in {grid}.</source>
        <translation>{team} 已不再驻扎于 {grid}。</translation>
    </message>
</context>
<context>
    <name>HandoverControls</name>
    <message>
        <source>Shift &amp;handover…</source>
        <translation>交接班(&amp;H)…</translation>
    </message>
    <message>
        <source>Write, sign or take over the shift handover</source>
        <translation>填写、签署或接收交接班</translation>
    </message>
    <message>
        <source>Handover history</source>
        <translation>交接班记录</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Shift handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>下次到期</translation>
    </message>
    <message>
        <source>Escalations during the shift</source>
        <translation>本班升级情况</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Case / hazard</source>
        <translation>案件 / 风险源</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Late by</source>
        <translation>超期时长</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Unacknowledged alerts</source>
        <translation>未确认预警</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧迫度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation>风险源</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Inspection due</source>
        <translation>巡查到期</translation>
    </message>
    <message>
        <source>Why listed</source>
        <translation>列入原因</translation>
    </message>
    <message>
        <source>Team readiness for the next shift</source>
        <translation>下一班队伍战备情况</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Roster shift</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>需要人数</translation>
    </message>
    <message>
        <source>Readiness</source>
        <translation>战备</translation>
    </message>
    <message>
        <source>Next shift&apos;s teams</source>
        <translation>下一班队伍</translation>
    </message>
    <message>
        <source>Significant events</source>
        <translation>重要事项</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Flagged by</source>
        <translation>标记人</translation>
    </message>
    <message>
        <source>Notes for the next shift</source>
        <translation>给下一班的交接说明</translation>
    </message>
    <message>
        <source>What the next shift must know: open threads, promises made, who to call…</source>
        <translation>下一班必须知道的事：未了事项、已作承诺、需联系的人…</translation>
    </message>
    <message>
        <source>Outgoing officer</source>
        <translation>交班值班员</translation>
    </message>
    <message>
        <source>Sign as outgoing</source>
        <translation>交班签字</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>暂不签字</translation>
    </message>
    <message>
        <source>Do not sign yet</source>
        <translation>暂不签字</translation>
    </message>
    <message>
        <source>Incoming officer</source>
        <translation>接班值班员</translation>
    </message>
    <message>
        <source>Incoming officer&apos;s user name</source>
        <translation>接班值班员账号</translation>
    </message>
    <message>
        <source>Incoming officer&apos;s password</source>
        <translation>接班值班员密码</translation>
    </message>
    <message>
        <source>Sign as incoming and take over</source>
        <translation>接班签字并接管</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Refresh snapshot</source>
        <translation>刷新快照</translation>
    </message>
    <message>
        <source>Take the snapshot again, as things stand now</source>
        <translation>按当前情况重新生成快照</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Notes from the outgoing officer</source>
        <translation>交班值班员的说明</translation>
    </message>
    <message>
        <source>Draft, not signed</source>
        <translation>草稿，未签字</translation>
    </message>
    <message>
        <source>Signed out, waiting for the incoming officer</source>
        <translation>已交班签字，等待接班值班员</translation>
    </message>
    <message>
        <source>Signed by both officers</source>
        <translation>交接双方均已签字</translation>
    </message>
    <message>
        <source>{name} shift {start} – {end} · {status}</source>
        <translation>{name}班 {start} – {end} · {status}</translation>
    </message>
    <message>
        <source>Snapshot taken {when}: {open} open cases, {esc} escalations during the shift, {alerts} unacknowledged alerts, {flags} significant events.</source>
        <translation>快照生成于 {when}：在办案件 {open} 件，本班升级 {esc} 次，未确认预警 {alerts} 条，重要事项 {flags} 项。</translation>
    </message>
    <message>
        <source> · supervised</source>
        <translation> · 督办</translation>
    </message>
    <message>
        <source>inspection overdue</source>
        <translation>巡查超期</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>有变更</translation>
    </message>
    <message>
        <source>no shift</source>
        <translation>无班次</translation>
    </message>
    <message>
        <source>GAP</source>
        <translation>缺员</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Signed by {name} at {when}</source>
        <translation>{name}于 {when} 签字</translation>
    </message>
    <message>
        <source>Not signed yet; {name} signs as outgoing.</source>
        <translation>尚未签字；由{name}作为交班人签字。</translation>
    </message>
    <message>
        <source>Not signed</source>
        <translation>未签字</translation>
    </message>
    <message>
        <source>Sign now: this cannot be undone</source>
        <translation>立即签字：签字后不可撤销</translation>
    </message>
    <message>
        <source>Signing freezes this snapshot and your notes for the incoming officer; it cannot be undone. Click again to sign, or Not yet to go on writing.</source>
        <translation>签字将为接班值班员冻结本快照和您的交接说明，且不可撤销。再次点击即签字，或点击“暂不签字”继续填写。</translation>
    </message>
    <message>
        <source>Signed out. The incoming officer signs below to take over.</source>
        <translation>已交班签字。接班值班员在下方签字接管。</translation>
    </message>
    <message>
        <source>{name} took over the shift and now acts at this console.</source>
        <translation>{name}已接班，现在以其身份操作本控制台。</translation>
    </message>
    <message>
        <source>Export the handover as PDF</source>
        <translation>将交接班导出为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Could not write {path}: {why}</source>
        <translation>无法写入 {path}：{why}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>HandoverHistory</name>
    <message>
        <source>Shifts from</source>
        <translation>班次起始</translation>
    </message>
    <message>
        <source>Shifts until</source>
        <translation>班次截至</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the handovers of these dates</source>
        <translation>显示这些日期的交接班</translation>
    </message>
    <message>
        <source>Open as signed…</source>
        <translation>按签字版本打开…</translation>
    </message>
    <message>
        <source>Open the selected handover</source>
        <translation>打开所选交接班</translation>
    </message>
    <message>
        <source>Handovers</source>
        <translation>交接班</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>接班</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <source>Significant</source>
        <translation>重要事项</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Case replay</source>
        <translation>案件回放</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>已交班签字</translation>
    </message>
    <message>
        <source>signed by both</source>
        <translation>双方已签字</translation>
    </message>
    <message>
        <source>{name} shift</source>
        <translation>{name}班</translation>
    </message>
    <message>
        <source>{n} handover(s)</source>
        <translation>{n} 次交接</translation>
    </message>
</context>
<context>
    <name>HandoverPrompt</name>
    <message>
        <source>Open handover…</source>
        <translation>打开交接班…</translation>
    </message>
    <message>
        <source>Open the shift handover</source>
        <translation>打开交接班</translation>
    </message>
    <message>
        <source>Remind me later (the File menu has it too)</source>
        <translation>稍后提醒（文件菜单中也可打开）</translation>
    </message>
    <message>
        <source>Dismiss the handover reminder</source>
        <translation>关闭交接班提醒</translation>
    </message>
    <message>
        <source>The {name} shift ends {end}: time for the handover.</source>
        <translation>{name}班于 {end} 结束：请进行交接班。</translation>
    </message>
</context>
<context>
    <name>HandoverReport</name>
    <message>
        <source>Draft — not signed</source>
        <translation>草稿，尚未签字</translation>
    </message>
    <message>
        <source>Signed out — waiting for the incoming officer</source>
        <translation>交班已签字，等待接班值班员</translation>
    </message>
    <message>
        <source>Signed by both officers</source>
        <translation>交接双方均已签字</translation>
    </message>
    <message>
        <source>{name} shift {start}–{end}</source>
        <translation>{name}班 {start}–{end}</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签字</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>签字时间</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>接班</translation>
    </message>
    <message>
        <source>cases</source>
        <translation>件</translation>
    </message>
    <message>
        <source>Open cases by stage</source>
        <translation>各环节在办案件</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation>（暂停）</translation>
    </message>
    <message>
        <source> · supervised</source>
        <translation> · 督办</translation>
    </message>
    <message>
        <source> · {n} photo(s)</source>
        <translation> · {n} 张照片</translation>
    </message>
    <message>
        <source>Escalated and due first ({listed} of {total} listed)</source>
        <translation>已升级及即将到期的案件（列出 {listed} 件，共 {total} 件）</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Sev.</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>下次到期</translation>
    </message>
    <message>
        <source>No open cases.</source>
        <translation>没有在办案件。</translation>
    </message>
    <message>
        <source>Escalations per hour of the shift</source>
        <translation>本班每小时升级次数</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>escalations</source>
        <translation>次</translation>
    </message>
    <message>
        <source>Escalations ({listed} of {total} listed)</source>
        <translation>升级（列出 {listed} 次，共 {total} 次）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Case / hazard</source>
        <translation>案件 / 风险源</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Late by</source>
        <translation>超期时长</translation>
    </message>
    <message>
        <source>No escalations during the shift.</source>
        <translation>本班没有升级。</translation>
    </message>
    <message>
        <source>Unacknowledged alerts ({listed} of {total} listed)</source>
        <translation>未确认预警（列出 {listed} 条，共 {total} 条）</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧迫度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Every alert was acknowledged.</source>
        <translation>所有预警均已确认。</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>有变更</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation>风险源</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Inspection due</source>
        <translation>巡查到期</translation>
    </message>
    <message>
        <source>Why listed</source>
        <translation>列入原因</translation>
    </message>
    <message>
        <source>No hazard changed or fell overdue.</source>
        <translation>没有风险源变更或超期。</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Roster shift</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>可用人数</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>需要人数</translation>
    </message>
    <message>
        <source>Readiness</source>
        <translation>战备</translation>
    </message>
    <message>
        <source>no shift</source>
        <translation>无班次</translation>
    </message>
    <message>
        <source>GAP</source>
        <translation>缺员</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>No teams.</source>
        <translation>没有队伍。</translation>
    </message>
    <message>
        <source>Activity log</source>
        <translation>工作记录</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Flagged by</source>
        <translation>标记人</translation>
    </message>
    <message>
        <source>Nothing was flagged significant.</source>
        <translation>没有标记为重要的事项。</translation>
    </message>
    <message>
        <source>{shift}. {status}. Snapshot taken {when} ({zone}).</source>
        <translation>{shift}。{status}。快照时间 {when}（{zone}）。</translation>
    </message>
    <message>
        <source>{n} open cases at the snapshot.</source>
        <translation>快照时在办案件 {n} 件。</translation>
    </message>
    <message>
        <source>No notes.</source>
        <translation>无说明。</translation>
    </message>
    <message>
        <source>Shift handover — {shift}</source>
        <translation>交接班 — {shift}</translation>
    </message>
    <message>
        <source>Handover {id}</source>
        <translation>交接单 {id}</translation>
    </message>
    <message>
        <source>Preview (not stored)</source>
        <translation>预览（未保存）</translation>
    </message>
    <message>
        <source>Shift and signatures</source>
        <translation>班次与签字</translation>
    </message>
    <message>
        <source>Escalations during the shift</source>
        <translation>本班升级情况</translation>
    </message>
    <message>
        <source>Unacknowledged alerts</source>
        <translation>未确认预警</translation>
    </message>
    <message>
        <source>Hazards changed or overdue</source>
        <translation>变更或超期的风险源</translation>
    </message>
    <message>
        <source>Team readiness for the next shift</source>
        <translation>下一班队伍战备情况</translation>
    </message>
    <message>
        <source>Significant events</source>
        <translation>重要事项</translation>
    </message>
    <message>
        <source>Notes from the outgoing officer</source>
        <translation>交班值班员的说明</translation>
    </message>
</context>
<context>
    <name>HazardDetailPane</name>
    <message>
        <source>Select a hazard to see its details, inspections and linked cases.</source>
        <translation>选择一处风险源以查看详情、巡查记录和关联案件。</translation>
    </message>
    <message>
        <source>Record inspection…</source>
        <translation>记录巡查…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Mark mitigated…</source>
        <translation>标记为已管控…</translation>
    </message>
    <message>
        <source>Make active…</source>
        <translation>恢复为在管…</translation>
    </message>
    <message>
        <source>Retire…</source>
        <translation>销号…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Inspected</source>
        <translation>巡查时间</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>巡查人</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>巡查发现</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Inspections</source>
        <translation>巡查记录</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Linked cases</source>
        <translation>关联案件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Inspect every</source>
        <translation>巡查周期</translation>
    </message>
    <message>
        <source>Next inspection</source>
        <translation>下次巡查</translation>
    </message>
    <message>
        <source>Last inspected</source>
        <translation>上次巡查</translation>
    </message>
    <message>
        <source>Surroundings</source>
        <translation>周边环境</translation>
    </message>
    <message>
        <source>Controls in place</source>
        <translation>现有管控措施</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>likelihood {l} × severity {s} = {score}, {level}</source>
        <translation>可能性 {l} × 严重性 {s} = {score}，{level}</translation>
    </message>
    <message>
        <source>{n} day(s)</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>{when} by {who}</source>
        <translation>{who}于 {when}</translation>
    </message>
    <message>
        <source>Inspection {countdown}</source>
        <translation>巡查{countdown}</translation>
    </message>
    <message>
        <source>Not watched</source>
        <translation>不监控</translation>
    </message>
    <message>
        <source>Only coordinators and admins manage the registry.</source>
        <translation>只有协调员和管理员可以管理风险源台账。</translation>
    </message>
    <message>
        <source>Only duty officers, coordinators and admins record inspections.</source>
        <translation>只有值班员、协调员和管理员可以记录巡查。</translation>
    </message>
    <message>
        <source>Recorded {when} by {who}</source>
        <translation>{who}于 {when} 记录</translation>
    </message>
    <message>
        <source>likelihood {l} × severity {s}</source>
        <translation>可能性 {l} × 严重性 {s}</translation>
    </message>
    <message>
        <source>Double-click to open the first photo</source>
        <translation>双击打开第一张照片</translation>
    </message>
    <message>
        <source>Inspections ({n})</source>
        <translation>巡查记录（{n}）</translation>
    </message>
    <message>
        <source>{title}
Double-click to show it on the board</source>
        <translation>{title}
双击在看板上显示</translation>
    </message>
    <message>
        <source>Linked cases ({n})</source>
        <translation>关联案件（{n}）</translation>
    </message>
    <message>
        <source>{code} is now {status}.</source>
        <translation>{code} 现为{status}。</translation>
    </message>
    <message>
        <source>Saved {code}.</source>
        <translation>已保存 {code}。</translation>
    </message>
</context>
<context>
    <name>HazardDialog</name>
    <message>
        <source>Register hazard</source>
        <translation>登记风险源</translation>
    </message>
    <message>
        <source>Edit hazard {code}</source>
        <translation>编辑风险源 {code}</translation>
    </message>
    <message>
        <source>e.g. HZ-0041</source>
        <translation>例如 HZ-0041</translation>
    </message>
    <message>
        <source>e.g. 滨河加油站 · Binhe Petrol Station</source>
        <translation>例如 滨河加油站 · Binhe Petrol Station</translation>
    </message>
    <message>
        <source>Type a grid code or name</source>
        <translation>输入网格代码或名称</translation>
    </message>
    <message>
        <source>Street and number, landmark</source>
        <translation>街道门牌、地标</translation>
    </message>
    <message>
        <source>longitude, e.g. 120.1552</source>
        <translation>经度，例如 120.1552</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>latitude, e.g. 30.2961</source>
        <translation>纬度，例如 30.2961</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>Who answers for it</source>
        <translation>责任人或责任单位</translation>
    </message>
    <message>
        <source>Name, role, phone</source>
        <translation>姓名、职务、电话</translation>
    </message>
    <message>
        <source>Schools, hospitals, homes nearby, with distances</source>
        <translation>附近的学校、医院、住宅及距离</translation>
    </message>
    <message>
        <source>Measures in place: detectors, barriers, staff</source>
        <translation>现有措施：探测器、围挡、值守人员</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>C&amp;ode</source>
        <translation>代码(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Grid</source>
        <translation>网格(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Location</source>
        <translation>位置(&amp;L)</translation>
    </message>
    <message>
        <source>Coor&amp;dinates</source>
        <translation>坐标(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Responsible unit</source>
        <translation>责任单位(&amp;R)</translation>
    </message>
    <message>
        <source>Con&amp;tact</source>
        <translation>联系人(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Surroundings</source>
        <translation>周边环境(&amp;S)</translation>
    </message>
    <message>
        <source>Cont&amp;rols</source>
        <translation>管控措施(&amp;R)</translation>
    </message>
    <message>
        <source>Likelihood × se&amp;verity</source>
        <translation>可能性 × 严重性(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Inspect every</source>
        <translation>巡查周期(&amp;I)</translation>
    </message>
    <message>
        <source>Enter a code for the hazard.</source>
        <translation>请输入风险源代码。</translation>
    </message>
    <message>
        <source>The code may only hold letters, digits, “-”, “_” and “.”.</source>
        <translation>代码只能包含字母、数字、“-”、“_”和“.”。</translation>
    </message>
    <message>
        <source>Hazard code {code} is already registered.</source>
        <translation>风险源代码 {code} 已登记。</translation>
    </message>
    <message>
        <source>Enter the name of the hazard.</source>
        <translation>请输入风险源名称。</translation>
    </message>
    <message>
        <source>The name is {n} characters; at most {limit}.</source>
        <translation>名称有 {n} 个字符，最多 {limit} 个。</translation>
    </message>
    <message>
        <source>Choose the grid cell the hazard is in.</source>
        <translation>请选择风险源所在的网格。</translation>
    </message>
    <message>
        <source>Unknown grid “{grid}”: choose one from the list.</source>
        <translation>未知网格“{grid}”：请从列表中选择。</translation>
    </message>
    <message>
        <source>The longitude must be a number from -180 to 180.</source>
        <translation>经度必须是 -180 到 180 之间的数字。</translation>
    </message>
    <message>
        <source>The latitude must be a number from -90 to 90.</source>
        <translation>纬度必须是 -90 到 90 之间的数字。</translation>
    </message>
    <message>
        <source>Give both longitude and latitude, or neither.</source>
        <translation>经度和纬度须同时填写或同时留空。</translation>
    </message>
    <message>
        <source>location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>The {field} is too long: at most {limit} characters.</source>
        <translation>{field}过长：最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>surroundings</source>
        <translation>周边环境</translation>
    </message>
    <message>
        <source>controls</source>
        <translation>管控措施</translation>
    </message>
    <message>
        <source>The {field} are too long: at most {limit} characters.</source>
        <translation>{field}过长：最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>= {risk}</source>
        <translation>= {risk}</translation>
    </message>
    <message>
        <source>first inspection due {when}</source>
        <translation>首次巡查 {when} 到期</translation>
    </message>
    <message>
        <source>not watched while retired</source>
        <translation>销号期间不监控</translation>
    </message>
    <message>
        <source>next inspection moves to {when}</source>
        <translation>下次巡查改为 {when}</translation>
    </message>
    <message>
        <source>next inspection due {when}</source>
        <translation>下次巡查 {when} 到期</translation>
    </message>
</context>
<context>
    <name>HazardDialogs</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>HazardHistory</name>
    <message>
        <source>likelihood</source>
        <translation>可能性</translation>
    </message>
    <message>
        <source>severity</source>
        <translation>严重性</translation>
    </message>
    <message>
        <source>level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>next due</source>
        <translation>下次到期</translation>
    </message>
    <message>
        <source>interval (days)</source>
        <translation>周期（天）</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>巡查人</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已编辑</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>巡查</translation>
    </message>
    <message>
        <source>Mitigated</source>
        <translation>已管控</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>Made active</source>
        <translation>恢复在管</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
</context>
<context>
    <name>HazardImport</name>
    <message>
        <source>{file}:{line}: rejected: {reason}</source>
        <translation>{file} 第 {line} 行：未导入：{reason}</translation>
    </message>
    <message>
        <source>{file}: created={created} updated={updated} unchanged={unchanged} rejected={rejected}</source>
        <translation>{file}：新建 {created} 个，更新 {updated} 个，未变 {unchanged} 个，未导入 {rejected} 个</translation>
    </message>
    <message>
        <source> ({n} more rejection(s) not listed)</source>
        <translation>（另有 {n} 条未导入的记录未列出）</translation>
    </message>
</context>
<context>
    <name>HazardLabels</name>
    <message>
        <source>Hazardous chemicals storage</source>
        <translation>危险化学品存储</translation>
    </message>
    <message>
        <source>Gas station</source>
        <translation>加油站</translation>
    </message>
    <message>
        <source>Construction pit</source>
        <translation>深基坑</translation>
    </message>
    <message>
        <source>Flood-prone underpass</source>
        <translation>易涝下穿通道</translation>
    </message>
    <message>
        <source>Old or dangerous building</source>
        <translation>危旧房屋</translation>
    </message>
    <message>
        <source>Crowded venue</source>
        <translation>人员密集场所</translation>
    </message>
    <message>
        <source>Slope</source>
        <translation>边坡</translation>
    </message>
    <message>
        <source>High-voltage facility</source>
        <translation>高压电力设施</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低风险</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>一般风险</translation>
    </message>
    <message>
        <source>High</source>
        <translation>较大风险</translation>
    </message>
    <message>
        <source>Extreme</source>
        <translation>重大风险</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在管</translation>
    </message>
    <message>
        <source>Mitigated</source>
        <translation>已管控</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>Rare</source>
        <translation>罕见</translation>
    </message>
    <message>
        <source>Unlikely</source>
        <translation>不太可能</translation>
    </message>
    <message>
        <source>Possible</source>
        <translation>可能</translation>
    </message>
    <message>
        <source>Likely</source>
        <translation>很可能</translation>
    </message>
    <message>
        <source>Almost certain</source>
        <translation>几乎确定</translation>
    </message>
    <message>
        <source>Negligible</source>
        <translation>可忽略</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>轻微</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>中等</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Catastrophic</source>
        <translation>灾难性</translation>
    </message>
    <message>
        <source>L{l} × S{s}</source>
        <translation>L{l} × S{s}</translation>
    </message>
    <message>
        <source>overdue {d}</source>
        <translation>已超期 {d}</translation>
    </message>
    <message>
        <source>due in {d}</source>
        <translation>{d} 后到期</translation>
    </message>
    <message>
        <source>in {d}</source>
        <translation>{d} 后</translation>
    </message>
</context>
<context>
    <name>HazardRegistry</name>
    <message>
        <source>Register hazard…</source>
        <translation>登记风险源…</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <source>Filter by kind</source>
        <translation>按类型筛选</translation>
    </message>
    <message>
        <source>Search hazards</source>
        <translation>搜索风险源</translation>
    </message>
    <message>
        <source>Search code, name, grid, unit…</source>
        <translation>搜索代码、名称、网格、单位…</translation>
    </message>
    <message>
        <source>✕ Clear</source>
        <translation>✕ 清除</translation>
    </message>
    <message>
        <source>Show every cell of the matrix again</source>
        <translation>重新显示矩阵的所有格子</translation>
    </message>
    <message>
        <source>✕ All grids</source>
        <translation>✕ 全部网格</translation>
    </message>
    <message>
        <source>Show the hazards of every grid again</source>
        <translation>重新显示所有网格的风险源</translation>
    </message>
    <message>
        <source>Show every grid</source>
        <translation>显示全部网格</translation>
    </message>
    <message>
        <source>Registered hazards</source>
        <translation>已登记的风险源</translation>
    </message>
    <message>
        <source>Active and mitigated</source>
        <translation>在管和已管控</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在管</translation>
    </message>
    <message>
        <source>Mitigated</source>
        <translation>已管控</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Register a new hazard source</source>
        <translation>登记新的风险源</translation>
    </message>
    <message>
        <source>Only coordinators and admins register hazards.</source>
        <translation>只有协调员和管理员可以登记风险源。</translation>
    </message>
    <message>
        <source>Grid: {code}</source>
        <translation>网格：{code}</translation>
    </message>
    <message>
        <source>Could not load every hazard: {error}</source>
        <translation>未能加载全部风险源：{error}</translation>
    </message>
    <message>
        <source>Matrix: {cell} ({level})</source>
        <translation>矩阵：{cell}（{level}）</translation>
    </message>
    <message>
        <source>No hazards registered yet.</source>
        <translation>尚未登记任何风险源。</translation>
    </message>
    <message>
        <source>{shown} of {total} hazards shown</source>
        <translation>显示 {shown} / {total} 处风险源</translation>
    </message>
    <message>
        <source> (loading…)</source>
        <translation>（加载中…）</translation>
    </message>
</context>
<context>
    <name>HazardStatusDialog</name>
    <message>
        <source>Reason or note</source>
        <translation>原因或备注</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Mark {code} mitigated</source>
        <translation>将 {code} 标记为已管控</translation>
    </message>
    <message>
        <source>The controls have brought the risk down. Inspections stay due as before, to see that the controls hold.</source>
        <translation>管控措施已降低风险。巡查仍按原周期进行，以确认措施有效。</translation>
    </message>
    <message>
        <source>Mark mitigated</source>
        <translation>标记为已管控</translation>
    </message>
    <message>
        <source>Retire {code}</source>
        <translation>销号 {code}</translation>
    </message>
    <message>
        <source>The hazard no longer exists (works finished, site closed). Its inspection clock stops. Say why:</source>
        <translation>该风险源已不存在（工程完工、场所关闭），巡查计时停止。请说明原因：</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Make {code} active</source>
        <translation>将 {code} 恢复为在管</translation>
    </message>
    <message>
        <source>The hazard is active again. A retired hazard starts a fresh inspection cycle from now.</source>
        <translation>该风险源重新纳入在管。已销号的风险源从现在起重新开始巡查周期。</translation>
    </message>
    <message>
        <source>Make active</source>
        <translation>恢复为在管</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（选填）</translation>
    </message>
</context>
<context>
    <name>HazardTableModel</name>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Next inspection</source>
        <translation>下次巡查</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last inspected</source>
        <translation>上次巡查</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>{level}: likelihood {l} × severity {s} = {score}</source>
        <translation>{level}：可能性 {l} × 严重性 {s} = {score}</translation>
    </message>
    <message>
        <source>Not watched: the hazard is retired</source>
        <translation>不监控：该风险源已销号</translation>
    </message>
    <message>
        <source>Due {when}; every {n} day(s)</source>
        <translation>应于 {when} 巡查；每 {n} 天一次</translation>
    </message>
</context>
<context>
    <name>HouseholdsDialog</name>
    <message>
        <source>Households of {name}</source>
        <translation>{name}的户数</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>&amp;Households</source>
        <translation>户数(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Population</source>
        <translation>人口(&amp;P)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <source>{file}: accepted={accepted} duplicates={duplicates} updated={updated} rejected={rejected}</source>
        <translation>{file}：新增 {accepted} 条，重复 {duplicates} 条，更新 {updated} 条，未导入 {rejected} 条</translation>
    </message>
    <message>
        <source> format={format}</source>
        <translation>，格式 {format}</translation>
    </message>
    <message>
        <source> encoding={encoding}</source>
        <translation>，编码 {encoding}</translation>
    </message>
    <message>
        <source> moved_to={moved_to}</source>
        <translation>，已移至 {moved_to}</translation>
    </message>
    <message>
        <source>{file}: rejected: {reason}</source>
        <translation>{file}：未导入：{reason}</translation>
    </message>
    <message>
        <source>{file}: note: {reason}</source>
        <translation>{file}：提示：{reason}</translation>
    </message>
    <message>
        <source>{file}:{alert}: rejected: {reason}</source>
        <translation>{file} 第 {alert} 条预警：未导入：{reason}</translation>
    </message>
    <message>
        <source>{file}:{alert}: note: {reason}</source>
        <translation>{file} 第 {alert} 条预警：提示：{reason}</translation>
    </message>
    <message>
        <source>{file}:{line}: rejected: {reason}</source>
        <translation>{file} 第 {line} 行：未导入：{reason}</translation>
    </message>
    <message>
        <source>{file}:{line}: note: {reason}</source>
        <translation>{file} 第 {line} 行：提示：{reason}</translation>
    </message>
    <message>
        <source>{file}: rejected: {n} more rejection(s) not listed</source>
        <translation>{file}：另有 {n} 条未导入的记录未列出</translation>
    </message>
    <message>
        <source>{file}: note: {n} more note(s) not listed</source>
        <translation>{file}：另有 {n} 条提示未列出</translation>
    </message>
</context>
<context>
    <name>IncidentBanner</name>
    <message>
        <source>Emergency banner</source>
        <translation>应急横幅</translation>
    </message>
    <message numerus="yes">
        <source>%n open task(s)</source>
        <translation>
            <numerusform>%n 项未完成任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n 项超时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>另有 %n 起</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to open the incident view</source>
        <translation>点击打开突发事件视图</translation>
    </message>
</context>
<context>
    <name>IncidentControls</name>
    <message>
        <source>&amp;Declare incident…</source>
        <translation>启动突发事件响应(&amp;D)…</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Emergency banner</source>
        <translation>应急横幅</translation>
    </message>
    <message>
        <source>Declare a major incident: emergency mode on every seat, the plan&apos;s tasks start</source>
        <translation>启动突发事件响应：所有席位进入应急状态，预案任务开始计时</translation>
    </message>
    <message>
        <source>Only a coordinator or an administrator declares an incident.</source>
        <translation>只有应急协调员或管理员可以启动突发事件响应。</translation>
    </message>
</context>
<context>
    <name>IncidentDeclareDialog</name>
    <message>
        <source>Declare an incident</source>
        <translation>启动突发事件响应</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>What happened, where: e.g. Underpass flooded</source>
        <translation>何地发生何事，例如：地下通道积水</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Response level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <source>Grid to add</source>
        <translation>要添加的网格</translation>
    </message>
    <message>
        <source>Type a grid code or name</source>
        <translation>输入网格编码或名称</translation>
    </message>
    <message>
        <source>Add grid</source>
        <translation>添加网格</translation>
    </message>
    <message>
        <source>Affected grids</source>
        <translation>受影响网格</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected grid</source>
        <translation>移除选中的网格</translation>
    </message>
    <message>
        <source>Occurred at</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Drill (演练): marked on every screen, kept out of the KPIs</source>
        <translation>演练：所有屏幕均有标记，不计入考核指标</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Response plan</source>
        <translation>预案</translation>
    </message>
    <message>
        <source>First log entry</source>
        <translation>首条事件日志</translation>
    </message>
    <message>
        <source>What is known so far (optional)</source>
        <translation>目前已知情况（可选）</translation>
    </message>
    <message>
        <source>Declare</source>
        <translation>启动响应</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>T&amp;ype</source>
        <translation>类型(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>响应级别(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Grids</source>
        <translation>网格(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Occurred at</source>
        <translation>发生时间(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>预案(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>说明(&amp;N)</translation>
    </message>
    <message>
        <source>The type&apos;s plans, by level (default)</source>
        <translation>该类型的预案，按级别（默认）</translation>
    </message>
    <message>
        <source>Type a grid to add.</source>
        <translation>请输入要添加的网格。</translation>
    </message>
    <message>
        <source>No grid {grid}.</source>
        <translation>没有网格 {grid}。</translation>
    </message>
</context>
<context>
    <name>IncidentLabels</name>
    <message>
        <source>Flood</source>
        <translation>洪涝</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>火灾</translation>
    </message>
    <message>
        <source>Hazardous materials</source>
        <translation>危化品</translation>
    </message>
    <message>
        <source>Crowd</source>
        <translation>人员聚集</translation>
    </message>
    <message>
        <source>Public health</source>
        <translation>公共卫生</translation>
    </message>
    <message>
        <source>Geological</source>
        <translation>地质灾害</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Level {roman} {name}</source>
        <translation>{roman}级 {name}</translation>
    </message>
    <message>
        <source>First report</source>
        <translation>首报</translation>
    </message>
    <message>
        <source>Follow-up report</source>
        <translation>续报</translation>
    </message>
    <message>
        <source>Final report</source>
        <translation>终报</translation>
    </message>
    <message>
        <source>Dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <source>Evacuated</source>
        <translation>转移安置</translation>
    </message>
    <message>
        <source>Affected</source>
        <translation>受影响人口</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Stood down</source>
        <translation>已解除响应</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Done (late)</source>
        <translation>已完成（超时）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Open ▲1</source>
        <translation>未完成 ▲1</translation>
    </message>
    <message>
        <source>Open ▲2</source>
        <translation>未完成 ▲2</translation>
    </message>
    <message>
        <source>Open ▲3</source>
        <translation>未完成 ▲3</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>应急协调员</translation>
    </message>
    <message>
        <source>Duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Commander</source>
        <translation>指挥长</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>督办员</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审阅员</translation>
    </message>
    <message>
        <source>{d} d {h:02d} h</source>
        <translation>{d} 天 {h:02d} 小时</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
</context>
<context>
    <name>IncidentReport</name>
    <message>
        <source>First report</source>
        <translation>首报</translation>
    </message>
    <message>
        <source>Follow-up report</source>
        <translation>续报</translation>
    </message>
    <message>
        <source>Final report</source>
        <translation>终报</translation>
    </message>
    <message>
        <source>After-action review</source>
        <translation>事后总结评估</translation>
    </message>
    <message>
        <source>Incident log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Response level</source>
        <translation>响应级别</translation>
    </message>
    <message>
        <source>Happened at</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Declared at</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>已持续</translation>
    </message>
    <message>
        <source>Commander</source>
        <translation>指挥长</translation>
    </message>
    <message>
        <source>Area (grids)</source>
        <translation>影响区域（网格）</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>预案</translation>
    </message>
    <message>
        <source>The incident</source>
        <translation>事件概况</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>No cases linked.</source>
        <translation>未关联案件。</translation>
    </message>
    <message>
        <source>Teams committed</source>
        <translation>投入队伍</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>No teams committed.</source>
        <translation>未投入队伍。</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>late</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Next steps (open tasks)</source>
        <translation>下一步工作（未完成任务）</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>责任方</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Timeliness</source>
        <translation>时效</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>No entries.</source>
        <translation>无记录。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>事件情况</translation>
    </message>
    <message>
        <source>{done} of {total} tasks done, {on_time} on time; {reports} reports sent, {reports_on_time} on time.</source>
        <translation>共{total}项任务，完成{done}项，按时{on_time}项；报送报告{reports}份，按时{reports_on_time}份。</translation>
    </message>
    <message>
        <source>Reports upward</source>
        <translation>信息报送</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签发人</translation>
    </message>
    <message>
        <source>Teams involved</source>
        <translation>参与队伍</translation>
    </message>
    <message>
        <source>What to change in the plan</source>
        <translation>预案改进建议</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message>
        <source>Incident shown</source>
        <translation>显示的突发事件</translation>
    </message>
    <message>
        <source>Figures…</source>
        <translation>伤亡数据…</translation>
    </message>
    <message>
        <source>Casualty and impact figures for the reports</source>
        <translation>报告所用的人员伤亡及影响数据</translation>
    </message>
    <message>
        <source>Raise level…</source>
        <translation>提高响应级别…</translation>
    </message>
    <message>
        <source>One level graver: the stricter plan&apos;s tasks start</source>
        <translation>提高一级：更高级别预案的任务开始</translation>
    </message>
    <message>
        <source>Lower level…</source>
        <translation>降低响应级别…</translation>
    </message>
    <message>
        <source>Stand down…</source>
        <translation>解除响应…</translation>
    </message>
    <message>
        <source>The response is over: teams released, the final report falls due</source>
        <translation>响应结束：释放队伍，须提交终报</translation>
    </message>
    <message>
        <source>Close…</source>
        <translation>关闭…</translation>
    </message>
    <message>
        <source>Close with the summary and the after-action review</source>
        <translation>填写总结和事后复盘后关闭</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>已关联</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Link the selected proposal to the incident</source>
        <translation>将选中的建议项关联到突发事件</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Not part of the incident</source>
        <translation>不属于本事件</translation>
    </message>
    <message>
        <source>References to link</source>
        <translation>要关联的编号</translation>
    </message>
    <message>
        <source>C-2026-000123, A45, HZ-0003</source>
        <translation>C-2026-000123, A45, HZ-0003</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>关联</translation>
    </message>
    <message>
        <source>Link cases, alerts or hazards by reference</source>
        <translation>按编号关联案件、警情或风险源</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>已投入</translation>
    </message>
    <message>
        <source>committed</source>
        <translation>已投入</translation>
    </message>
    <message>
        <source>On duty</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>What the team is to do</source>
        <translation>队伍任务</translation>
    </message>
    <message>
        <source>What the team is to do (optional)</source>
        <translation>队伍任务（可选）</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>投入</translation>
    </message>
    <message>
        <source>Commit the selected team to the incident</source>
        <translation>将选中的队伍投入本事件</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>释放</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责方</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Mark the selected task done</source>
        <translation>将选中的任务标记为完成</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Skip the selected task, with a reason</source>
        <translation>跳过选中的任务并说明原因</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>改派…</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>late</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签发人</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>报告正文</translation>
    </message>
    <message>
        <source>Report to write</source>
        <translation>要撰写的报告</translation>
    </message>
    <message>
        <source>Write report…</source>
        <translation>撰写报告…</translation>
    </message>
    <message>
        <source>A report upward, generated from the incident&apos;s data, to edit and sign</source>
        <translation>根据事件数据生成的上报报告，修改后签发</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>责任方</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>recorded {when}</source>
        <translation>记录于 {when}</translation>
    </message>
    <message>
        <source>Log entry</source>
        <translation>日志条目</translation>
    </message>
    <message>
        <source>What happened (Enter adds it)</source>
        <translation>发生了什么（回车添加）</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Give the time it happened</source>
        <translation>填写发生时间</translation>
    </message>
    <message>
        <source>When it happened</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Add to log</source>
        <translation>记入事件日志</translation>
    </message>
    <message>
        <source>No incident is open. Declare one from Incident › Declare incident…</source>
        <translation>当前没有进行中的突发事件。可从“突发事件 › 启动突发事件响应…”启动。</translation>
    </message>
    <message>
        <source>Figures: {list}</source>
        <translation>伤亡及影响：{list}</translation>
    </message>
    <message>
        <source>none entered</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>commander {name}</source>
        <translation>指挥长 {name}</translation>
    </message>
    <message>
        <source>since {when}</source>
        <translation>发生于 {when}</translation>
    </message>
    <message>
        <source>Linked by stage: {stages}</source>
        <translation>关联案件（按环节）：{stages}</translation>
    </message>
    <message numerus="yes">
        <source>%n proposed</source>
        <translation>
            <numerusform>%n 项待确认</numerusform>
        </translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>警情</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation>风险源</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Only a coordinator or an administrator commands an incident.</source>
        <translation>只有应急协调员或管理员可以指挥突发事件。</translation>
    </message>
    <message>
        <source>Select an item first.</source>
        <translation>请先选择一项。</translation>
    </message>
    <message>
        <source>Select a team first.</source>
        <translation>请先选择一支队伍。</translation>
    </message>
    <message>
        <source>Skip {task}</source>
        <translation>跳过 {task}</translation>
    </message>
    <message>
        <source>Why is {task} skipped?</source>
        <translation>为什么跳过 {task}？</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Raise to {level}</source>
        <translation>提高到{level}</translation>
    </message>
    <message>
        <source>Lower to {level}</source>
        <translation>降低到{level}</translation>
    </message>
    <message>
        <source>Why? (written in the incident log)</source>
        <translation>原因（记入事件日志）</translation>
    </message>
    <message>
        <source>Stand down {reference}</source>
        <translation>解除响应 {reference}</translation>
    </message>
    <message>
        <source>Why is the response over? Committed teams are released, open tasks skipped; the final report falls due.</source>
        <translation>为什么结束响应？已投入队伍将被释放，未完成任务将被跳过，须提交终报。</translation>
    </message>
    <message>
        <source>Stand down</source>
        <translation>解除响应</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <source>Record inspection — {code}</source>
        <translation>记录巡查 — {code}</translation>
    </message>
    <message>
        <source>{code} {name}
now {risk}, inspected every {n} day(s)</source>
        <translation>{code} {name}
当前{risk}，每 {n} 天巡查一次</translation>
    </message>
    <message>
        <source>Who inspected: name and unit</source>
        <translation>巡查人：姓名和单位</translation>
    </message>
    <message>
        <source>What was found and what was ordered</source>
        <translation>发现的问题及整改要求</translation>
    </message>
    <message>
        <source>Paste a photo&apos;s file path</source>
        <translation>粘贴照片的文件路径</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Record inspection</source>
        <translation>记录巡查</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>巡查人(&amp;I)</translation>
    </message>
    <message>
        <source>Inspected &amp;at</source>
        <translation>巡查时间(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Findings</source>
        <translation>巡查发现(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Photos</source>
        <translation>照片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Reassessment</source>
        <translation>重新评估(&amp;R)</translation>
    </message>
    <message>
        <source>Enter who inspected the hazard.</source>
        <translation>请输入巡查人。</translation>
    </message>
    <message>
        <source>The findings are too long: at most {limit} characters.</source>
        <translation>巡查发现过长：最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>= {risk}</source>
        <translation>= {risk}</translation>
    </message>
    <message>
        <source>{before} → {after}</source>
        <translation>{before} → {after}</translation>
    </message>
    <message>
        <source>Older than the last inspection ({last}): kept in the history only.</source>
        <translation>早于上次巡查（{last}）：仅记入历史。</translation>
    </message>
    <message>
        <source>The next inspection will be due {when}.</source>
        <translation>下次巡查将于 {when} 到期。</translation>
    </message>
    <message>
        <source>Photos of the inspection</source>
        <translation>巡查照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic *.webp);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.heic *.webp);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>JointStepDialog</name>
    <message>
        <source>Teams summoned</source>
        <translation>召集的单位</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Reason for the return</source>
        <translation>退单原因</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Resolved in the citizen&apos;s view</source>
        <translation>群众认为是否已解决</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Teams:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Satisfaction:</source>
        <translation>满意度：</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>是否解决：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>Not our jurisdiction</source>
        <translation>非本单位职责</translation>
    </message>
    <message>
        <source>Wrong address</source>
        <translation>地址错误</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复案件</translation>
    </message>
    <message>
        <source>Insufficient information</source>
        <translation>信息不全</translation>
    </message>
    <message>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <source>Blow the whistle on {ref}: tick the departments summoned; each must report in.</source>
        <translation>对 {ref} 吹哨：勾选召集的部门，各部门须按时报到。</translation>
    </message>
    <message>
        <source>Which summoned team reports in on {ref}?</source>
        <translation>哪个被召集的单位就 {ref} 报到？</translation>
    </message>
    <message>
        <source>Which assisting team has done its part of {ref}?</source>
        <translation>哪个协办单位已完成 {ref} 的协办任务？</translation>
    </message>
    <message>
        <source>Release an assisting team from its part of {ref}; say why.</source>
        <translation>免除协办单位在 {ref} 中的协办任务，并说明原因。</translation>
    </message>
    <message>
        <source>Return {ref} to the center: it is not this team&apos;s. Choose the reason and explain.</source>
        <translation>将 {ref} 退回中心：不属于本单位。请选择原因并说明。</translation>
    </message>
    <message>
        <source>Whose case is {ref}? Say what is disputed; the coordinator rules.</source>
        <translation>{ref} 归谁处置？请说明争议，由协调员确权。</translation>
    </message>
    <message>
        <source>Rule the owner of {ref}: final for this case, and the team cannot return it.</source>
        <translation>确定 {ref} 的处置单位：对本案为最终决定，该单位不得再退单。</translation>
    </message>
    <message>
        <source>Callback on {ref}: what does the citizen say?</source>
        <translation>回访 {ref}：群众的意见如何？</translation>
    </message>
    <message>
        <source>Text for {ref}:</source>
        <translation>{ref} 的说明：</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>KpiTableModel</name>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Closure rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <source>On-time rate</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <source>Mean h to close</source>
        <translation>平均结案时长（小时）</translation>
    </message>
    <message>
        <source>P90 h to close</source>
        <translation>90% 结案时长（小时）</translation>
    </message>
    <message>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Long breaches</source>
        <translation>严重超时</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>Whistles</source>
        <translation>吹哨次数</translation>
    </message>
    <message>
        <source>Mean min to report in</source>
        <translation>平均报到用时（分钟）</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>退单数</translation>
    </message>
    <message>
        <source>Return rate</source>
        <translation>退单率</translation>
    </message>
    <message>
        <source>Disputes ruled</source>
        <translation>确权数</translation>
    </message>
    <message>
        <source>Callback rate</source>
        <translation>回访率</translation>
    </message>
    <message>
        <source>Satisfaction rate</source>
        <translation>满意率</translation>
    </message>
    <message>
        <source>Resolution rate</source>
        <translation>解决率</translation>
    </message>
    <message>
        <source>Parts on time</source>
        <translation>协办按时率</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已立案</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核查</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Public security</source>
        <translation>治安</translation>
    </message>
    <message>
        <source>Dispute / mediation</source>
        <translation>矛盾纠纷调解</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>火灾</translation>
    </message>
    <message>
        <source>Flood</source>
        <translation>汛情</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>交通</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Utilities</source>
        <translation>市政公用</translation>
    </message>
    <message>
        <source>Petition</source>
        <translation>信访</translation>
    </message>
    <message>
        <source>Public health</source>
        <translation>公共卫生</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>危急</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Grid patrol</source>
        <translation>网格巡查</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>来访</translation>
    </message>
    <message>
        <source>Sensor</source>
        <translation>感知设备</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>开始处置</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处置完成</translation>
    </message>
    <message>
        <source>Verify (passed)</source>
        <translation>核查（通过）</translation>
    </message>
    <message>
        <source>Reopen (failed)</source>
        <translation>退回重办（未通过）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Whistle</source>
        <translation>吹哨</translation>
    </message>
    <message>
        <source>Report in</source>
        <translation>报到</translation>
    </message>
    <message>
        <source>Part done</source>
        <translation>协办完成</translation>
    </message>
    <message>
        <source>Waive part</source>
        <translation>免除协办</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退单</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>提出争议</translation>
    </message>
    <message>
        <source>Rule owner</source>
        <translation>确权</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>breached</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>breached for long</source>
        <translation>长时间超时</translation>
    </message>
    <message>
        <source>Rescue</source>
        <translation>救援</translation>
    </message>
    <message>
        <source>Medical</source>
        <translation>医疗</translation>
    </message>
    <message>
        <source>Mediation</source>
        <translation>调解</translation>
    </message>
    <message>
        <source>Patrol</source>
        <translation>巡逻</translation>
    </message>
    <message>
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>{stage} {mark} paused</source>
        <translation>{stage} {mark} 已暂停</translation>
    </message>
    <message>
        <source>▲{n} {name}</source>
        <translation>▲{n} {name}</translation>
    </message>
    <message>
        <source>Escalation engine</source>
        <translation>升级引擎</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Seat locked</source>
        <translation>席位已锁定</translation>
    </message>
    <message>
        <source>Type your password to unlock. Taking over the seat? Type your own operator name and password: the console then acts as you.</source>
        <translation>输入密码解锁。要接管此席位？请输入您自己的账号和密码，控制台将以您的身份操作。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Locked by {name} ({role}) at {time}</source>
        <translation>由{name}（{role}）于 {time} 锁定</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Watchroom</source>
        <translation>Watchroom 值班室</translation>
    </message>
    <message>
        <source>Case detail</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Rosters</source>
        <translation>值班表</translation>
    </message>
    <message>
        <source>Hazard registry</source>
        <translation>风险源台账</translation>
    </message>
    <message>
        <source>Grid map</source>
        <translation>网格地图</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>新建案件(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Territory</source>
        <translation>辖区</translation>
    </message>
    <message>
        <source>&amp;Command palette…</source>
        <translation>命令面板(&amp;C)…</translation>
    </message>
    <message>
        <source>Find any action or case by typing</source>
        <translation>输入文字查找任意操作或案件</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Sound on escalation</source>
        <translation>升级时发出提示音(&amp;S)</translation>
    </message>
    <message>
        <source>Beep when a case breaches a deadline</source>
        <translation>案件超过时限时发出提示音</translation>
    </message>
    <message>
        <source>La&amp;yout</source>
        <translation>布局(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Duty officer</source>
        <translation>值班员(&amp;D)</translation>
    </message>
    <message>
        <source>The board, the case detail beside it, alerts and the other panels below</source>
        <translation>案件看板、旁边的案件详情，下方是告警及其他面板</translation>
    </message>
    <message>
        <source>&amp;Control room</source>
        <translation>指挥大厅(&amp;C)</translation>
    </message>
    <message>
        <source>The board, alerts and the map in large type, for a wall or a second screen</source>
        <translation>大字号显示案件看板、告警和地图，适合大屏或第二屏幕</translation>
    </message>
    <message>
        <source>C&amp;oordinator</source>
        <translation>协调员(&amp;O)</translation>
    </message>
    <message>
        <source>The board and the map, rosters and the hazard registry side by side below</source>
        <translation>案件看板和地图，下方并排显示排班和隐患台账</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>预警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Pages…</source>
        <translation>寻呼记录(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation>突发事件(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;SLA policies…</source>
        <translation>SLA 时限策略(&amp;S)…</translation>
    </message>
    <message>
        <source>Pa&amp;ging…</source>
        <translation>寻呼设置(&amp;G)…</translation>
    </message>
    <message>
        <source>Set &amp;up the center…</source>
        <translation>中心设置(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Watchroom</source>
        <translation>关于 Watchroom(&amp;A)</translation>
    </message>
    <message>
        <source>Reloaded everything: this console was away longer than the change history is kept</source>
        <translation>已全部重新载入：本席位离线时间超过变更记录的保留期</translation>
    </message>
    <message>
        <source>Where pages go and who gets them</source>
        <translation>寻呼发往何处、发给何人</translation>
    </message>
    <message>
        <source>Only an administrator configures paging.</source>
        <translation>只有管理员可以配置寻呼。</translation>
    </message>
    <message>
        <source>Pages sent and waiting; acknowledge one by its code</source>
        <translation>已发送和等待中的寻呼；凭确认码确认</translation>
    </message>
    <message>
        <source>Duty officers and up read and acknowledge pages.</source>
        <translation>值班员及以上可以查看和确认寻呼。</translation>
    </message>
    <message>
        <source>The center&apos;s name and zone, its territory from GIS files, its teams</source>
        <translation>中心名称和时区、从 GIS 文件导入辖区、队伍</translation>
    </message>
    <message>
        <source>Only an administrator sets up the center.</source>
        <translation>只有管理员可以设置中心。</translation>
    </message>
    <message>
        <source>About Watchroom</source>
        <translation>关于 Watchroom</translation>
    </message>
    <message>
        <source>&lt;b&gt;Watchroom&lt;/b&gt;&lt;p&gt;Command-center console for grid-based public-safety and urban management: cases through the closed loop, live across consoles.&lt;/p&gt;&lt;p&gt;Data: {db}&lt;/p&gt;</source>
        <translation>&lt;b&gt;Watchroom 值班室&lt;/b&gt;&lt;p&gt;网格化社会治理与城市管理指挥中心控制台：案件全流程闭环管理，多席位实时同步。&lt;/p&gt;&lt;p&gt;数据：{db}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>可用状态</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>资质</translation>
    </message>
    <message>
        <source>{state} {case}</source>
        <translation>{state} {case}</translation>
    </message>
    <message>
        <source>On shift</source>
        <translation>在班</translation>
    </message>
    <message>
        <source> — team leader</source>
        <translation>— 队长</translation>
    </message>
    <message>
        <source>On a shift running now</source>
        <translation>当前在班</translation>
    </message>
    <message>
        <source>Not on a shift now</source>
        <translation>当前不在班</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>What is happening, in a few words</source>
        <translation>用几句话说明发生了什么</translation>
    </message>
    <message>
        <source>Type a grid code or name</source>
        <translation>输入网格代码或名称</translation>
    </message>
    <message>
        <source>Street, building, landmark</source>
        <translation>街道、楼栋、地标</translation>
    </message>
    <message>
        <source>Name and phone, if given</source>
        <translation>姓名和电话（如有）</translation>
    </message>
    <message>
        <source>What was reported, by whom, and what is known</source>
        <translation>上报内容、上报人及已知情况</translation>
    </message>
    <message>
        <source>Door-plate address, e.g. 和平路12号 or hpl12</source>
        <translation>门牌地址，例如 和平路12号 或 hpl12</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Addresses found</source>
        <translation>找到的地址</translation>
    </message>
    <message>
        <source>No point: click the map or find an address.</source>
        <translation>尚未定位：点击地图或查找地址。</translation>
    </message>
    <message>
        <source>Report case</source>
        <translation>上报案件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>Se&amp;verity</source>
        <translation>严重度(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Grid</source>
        <translation>网格(&amp;G)</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>位置点</translation>
    </message>
    <message>
        <source>&amp;Source</source>
        <translation>来源(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Location</source>
        <translation>位置(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Reporter</source>
        <translation>报告人(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source> · near {address} ({distance})</source>
        <translation> · 靠近 {address}（{distance}）</translation>
    </message>
    <message>
        <source>{point} · grid {grid}{near}</source>
        <translation>{point} · 网格 {grid}{near}</translation>
    </message>
    <message>
        <source>No address matches “{text}”.</source>
        <translation>没有与“{text}”匹配的地址。</translation>
    </message>
    <message>
        <source>Enter a title for the case.</source>
        <translation>请输入案件标题。</translation>
    </message>
    <message>
        <source>The title is {n} characters; at most {limit}.</source>
        <translation>标题有 {n} 个字符，最多 {limit} 个。</translation>
    </message>
    <message>
        <source>Choose the grid cell the case is in.</source>
        <translation>请选择案件所在的网格。</translation>
    </message>
    <message>
        <source>Unknown grid “{grid}”: choose one from the list.</source>
        <translation>未知网格“{grid}”：请从列表中选择。</translation>
    </message>
</context>
<context>
    <name>OperatorList</name>
    <message>
        <source>never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <source>OPERATOR</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ROLE</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>PASSWORD</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>LAST SIGN-IN</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>, waits until {time}</source>
        <translation>，须等到 {time}</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未设置</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>Selected operator</source>
        <translation>所选操作员</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>设置角色</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Add an operator</source>
        <translation>添加操作员</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>操作员账号</translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos; or &apos;_&apos;</source>
        <translation>字母、数字、“.”或“_”</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Add operator</source>
        <translation>添加操作员</translation>
    </message>
    <message>
        <source>Operator &amp;name</source>
        <translation>操作员账号(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>姓名(&amp;F)</translation>
    </message>
    <message>
        <source>R&amp;ole</source>
        <translation>角色(&amp;O)</translation>
    </message>
    <message>
        <source>Pass&amp;word</source>
        <translation>密码(&amp;W)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>At least {n} characters</source>
        <translation>至少 {n} 个字符</translation>
    </message>
    <message>
        <source>active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>锁定至 {time}</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>Added {name} as {role}.</source>
        <translation>已添加{name}为{role}。</translation>
    </message>
    <message>
        <source>{name} is now {role}.</source>
        <translation>{name}现为{role}。</translation>
    </message>
    <message>
        <source>{name} can no longer sign in.</source>
        <translation>{name}已无法登录。</translation>
    </message>
    <message>
        <source>{name} can sign in again.</source>
        <translation>{name}可以重新登录。</translation>
    </message>
    <message>
        <source>New password set for {name}; tell them in person.</source>
        <translation>已为{name}设置新密码，请当面告知。</translation>
    </message>
</context>
<context>
    <name>PageCommand</name>
    <message>
        <source>--secret-stdin: no secret on standard input</source>
        <translation>--secret-stdin：标准输入中没有密钥</translation>
    </message>
    <message>
        <source>added channel {name} ({kind}, secret set)</source>
        <translation>已添加通道 {name}（{kind}，已设置密钥）</translation>
    </message>
    <message>
        <source>added channel {name} ({kind}, secret none)</source>
        <translation>已添加通道 {name}（{kind}，未设置密钥）</translation>
    </message>
    <message>
        <source>NAME	KIND	URL	SECRET	RATE/MIN	GIVE UP</source>
        <translation>名称	类型	地址	密钥	每分钟上限	放弃时限</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>removed channel {name}</source>
        <translation>已删除通道 {name}</translation>
    </message>
    <message>
        <source>retired rule #{id}</source>
        <translation>已停用规则 #{id}</translation>
    </message>
    <message>
        <source>WHEN	CODE	CAUSE	TRIGGER	TO	CHANNEL	STATUS	ATTEMPTS	NOTE</source>
        <translation>时间	编码	起因	触发条件	对象	通道	状态	尝试次数	备注</translation>
    </message>
    <message>
        <source>acknowledged by {who}</source>
        <translation>已由 {who} 确认</translation>
    </message>
    <message>
        <source>repeat {n}; {note}</source>
        <translation>第 {n} 次重发；{note}</translation>
    </message>
    <message>
        <source>warning: {text}</source>
        <translation>警告：{text}</translation>
    </message>
    <message>
        <source>acknowledged {code} ({reference}); {n} page(s) stopped</source>
        <translation>已确认 {code}（{reference}）；停止了 {n} 条寻呼</translation>
    </message>
</context>
<context>
    <name>PageStatus</name>
    <message>
        <source>Queued</source>
        <translation>已排队</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <source>Failed, will retry</source>
        <translation>发送失败，将重试</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Given up</source>
        <translation>已放弃</translation>
    </message>
</context>
<context>
    <name>PagesDialog</name>
    <message>
        <source>Pages</source>
        <translation>寻呼记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>确认码</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>No pages yet</source>
        <translation>尚无寻呼记录</translation>
    </message>
    <message>
        <source>Page code</source>
        <translation>寻呼确认码</translation>
    </message>
    <message>
        <source>the six-character code in the page</source>
        <translation>寻呼消息中的六位确认码</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Type the page&apos;s code, or select its row.</source>
        <translation>请输入寻呼确认码，或选中对应行。</translation>
    </message>
    <message>
        <source>Page {code} of {ref} acknowledged; {n} page(s) stopped.</source>
        <translation>已确认 {ref} 的寻呼 {code}；停止了 {n} 条寻呼。</translation>
    </message>
</context>
<context>
    <name>PagingDialog</name>
    <message>
        <source>Paging</source>
        <translation>寻呼</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation>通道名称</translation>
    </message>
    <message>
        <source>one word, e.g. duty-hook</source>
        <translation>一个词，如 duty-hook</translation>
    </message>
    <message>
        <source>https://… or smtp://…</source>
        <translation>https://… 或 smtp://…</translation>
    </message>
    <message>
        <source>signing secret, if the robot has one</source>
        <translation>签名密钥（如机器人有）</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>添加通道</translation>
    </message>
    <message>
        <source>Remove selected channel</source>
        <translation>删除所选通道</translation>
    </message>
    <message>
        <source>Test recipient</source>
        <translation>测试接收人</translation>
    </message>
    <message>
        <source>an address, or a target such as operator:NAME</source>
        <translation>地址，或 operator:NAME 等对象</translation>
    </message>
    <message>
        <source>Send test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>URL(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Secret</source>
        <translation>密钥(&amp;S)</translation>
    </message>
    <message>
        <source>Test the selected channel</source>
        <translation>测试所选通道</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>On</source>
        <translation>触发</translation>
    </message>
    <message>
        <source>To</source>
        <translation>发给</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>免打扰时段</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>随后</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>触发条件</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>on-duty:TEAM:ROLE, team-leader, grid-worker, operator:NAME or address:ADDR</source>
        <translation>on-duty:班组:岗位、team-leader、grid-worker、operator:姓名 或 address:地址</translation>
    </message>
    <message>
        <source>Repeat every (minutes)</source>
        <translation>重复间隔（分钟）</translation>
    </message>
    <message>
        <source>no repeat</source>
        <translation>不重复</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>any category</source>
        <translation>不限类别</translation>
    </message>
    <message>
        <source>any severity</source>
        <translation>不限严重度</translation>
    </message>
    <message>
        <source>HH:MM-HH:MM, e.g. 22:00-07:00 (never holds back levels 2-3 or critical alerts)</source>
        <translation>HH:MM-HH:MM，例如 22:00-07:00（2 级、3 级和严重预警照常寻呼）</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source> times</source>
        <translation> 次</translation>
    </message>
    <message>
        <source>Then page by rule</source>
        <translation>随后按规则寻呼</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove selected rule</source>
        <translation>删除所选规则</translation>
    </message>
    <message>
        <source>&amp;On</source>
        <translation>触发(&amp;O)</translation>
    </message>
    <message>
        <source>C&amp;ategory</source>
        <translation>类别(&amp;A)</translation>
    </message>
    <message>
        <source>Se&amp;verity</source>
        <translation>严重度(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>发给(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Channel</source>
        <translation>通道(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quiet hours</source>
        <translation>免打扰时段(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Repeat every</source>
        <translation>重复间隔(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;peats</source>
        <translation>重复次数(&amp;P)</translation>
    </message>
    <message>
        <source>T&amp;hen page by</source>
        <translation>随后寻呼(&amp;H)</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>no next rule</source>
        <translation>无下一条规则</translation>
    </message>
    <message>
        <source>#{id}: {on} to {to}</source>
        <translation>#{id}：{on} 发给 {to}</translation>
    </message>
    <message>
        <source>every {n} min ×{k}</source>
        <translation>每 {n} 分钟 ×{k}</translation>
    </message>
    <message>
        <source>Added channel {name}.</source>
        <translation>已添加通道 {name}。</translation>
    </message>
    <message>
        <source>Select a channel to remove.</source>
        <translation>请选择要删除的通道。</translation>
    </message>
    <message>
        <source>Removed channel {name}.</source>
        <translation>已删除通道 {name}。</translation>
    </message>
    <message>
        <source>Select the channel to test.</source>
        <translation>请选择要测试的通道。</translation>
    </message>
    <message>
        <source>Say whom the test goes to.</source>
        <translation>请填写测试发给谁。</translation>
    </message>
    <message>
        <source>Add a channel first: a rule pages by one.</source>
        <translation>请先添加通道：规则通过通道寻呼。</translation>
    </message>
    <message>
        <source>Added rule #{id}.</source>
        <translation>已添加规则 #{id}。</translation>
    </message>
    <message>
        <source>Select a rule to remove.</source>
        <translation>请选择要删除的规则。</translation>
    </message>
    <message>
        <source>Removed rule #{id}.</source>
        <translation>已删除规则 #{id}。</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Teams and people (optional)</source>
        <translation>队伍和人员（可选）</translation>
    </message>
    <message>
        <source>Add the center&apos;s teams, then load their members from a sheet. You can do this later in the roster.</source>
        <translation>添加中心的队伍，再从表格导入队员。也可以稍后在值班表中完成。</translation>
    </message>
    <message>
        <source>Add a team</source>
        <translation>添加队伍</translation>
    </message>
    <message>
        <source>Team code</source>
        <translation>队伍编码</translation>
    </message>
    <message>
        <source>e.g. GW-BINHE</source>
        <translation>如 GW-BINHE</translation>
    </message>
    <message>
        <source>Team name</source>
        <translation>队伍名称</translation>
    </message>
    <message>
        <source>e.g. Binhe grid workers</source>
        <translation>如 滨河网格员</translation>
    </message>
    <message>
        <source>Team kind</source>
        <translation>队伍类型</translation>
    </message>
    <message>
        <source>Base grid</source>
        <translation>驻地网格</translation>
    </message>
    <message>
        <source>Type a grid&apos;s code, name or pinyin</source>
        <translation>输入网格编码、名称或拼音</translation>
    </message>
    <message>
        <source>Minimum staffing</source>
        <translation>最低在岗人数</translation>
    </message>
    <message>
        <source>Add &amp;team</source>
        <translation>添加队伍(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Base grid</source>
        <translation>驻地网格(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Minimum staffing</source>
        <translation>最低在岗人数(&amp;M)</translation>
    </message>
    <message>
        <source>Members from a sheet</source>
        <translation>从表格导入队员</translation>
    </message>
    <message>
        <source>Members sheet</source>
        <translation>队员表</translation>
    </message>
    <message>
        <source>A CSV with the columns {columns}</source>
        <translation>含以下列的 CSV：{columns}</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Load members</source>
        <translation>导入队员(&amp;L)</translation>
    </message>
    <message>
        <source>Members import report</source>
        <translation>队员导入报告</translation>
    </message>
    <message>
        <source>No teams yet.</source>
        <translation>还没有队伍。</translation>
    </message>
    <message>
        <source>{teams} teams ({codes}), {members} members.</source>
        <translation>{teams} 支队伍（{codes}），{members} 名队员。</translation>
    </message>
    <message>
        <source>Team {code} added.</source>
        <translation>已添加队伍 {code}。</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV 文件 (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Loading {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
</context>
<context>
    <name>PolicyEditor</name>
    <message>
        <source>SLA policies</source>
        <translation>SLA 时限策略</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Stricter tiers</source>
        <translation>从严档位</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Double-click a number to change it. Saving moves the pending deadlines of open cases under that policy to the new limits.</source>
        <translation>双击数字进行修改。保存后，该策略下在办案件的待到期时限将按新时限调整。</translation>
    </message>
    <message>
        <source>Read-only: changing SLA policies needs a coordinator or an administrator.</source>
        <translation>只读：修改 SLA 时限策略需要协调员或管理员权限。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Drop the edits and show the policies as saved now</source>
        <translation>放弃修改，显示当前已保存的策略</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Fix the marked cells first</source>
        <translation>请先修正标记的单元格</translation>
    </message>
</context>
<context>
    <name>PolicyTableModel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Warning at</source>
        <translation>预警点</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Share of the time allowed after which level 1 (warning) is raised, 0.05–0.99</source>
        <translation>已用时限占比达到此值时升至 1 级（预警），0.05–0.99</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Long breach</source>
        <translation>长时超期</translation>
    </message>
    <message>
        <source>Supervision factor</source>
        <translation>督办系数</translation>
    </message>
    <message>
        <source>Time from report to registration: type e.g. 4 d 16 h 30 min, 2 h or 90 (minutes)</source>
        <translation>从上报到立案的时限：可输入如 4 d 16 h 30 min、2 h 或 90（分钟）、1天2小时</translation>
    </message>
    <message>
        <source>Time from registration to dispatch: type e.g. 4 d 16 h 30 min, 2 h or 90 (minutes)</source>
        <translation>从立案到派遣的时限：可输入如 4 d 16 h 30 min、2 h 或 90（分钟）、1天2小时</translation>
    </message>
    <message>
        <source>Time from report to resolution: type e.g. 4 d 16 h 30 min, 2 h or 90 (minutes)</source>
        <translation>从上报到处置完成的时限：可输入如 4 d 16 h 30 min、2 h 或 90（分钟）、1天2小时</translation>
    </message>
    <message>
        <source>Time past the deadline before level 3 (the commander)</source>
        <translation>超过时限多久升级至三级（指挥长）</translation>
    </message>
    <message>
        <source>24x7: round the clock; working: office hours only</source>
        <translation>24x7：全天候计时；working：仅计工作时间</translation>
    </message>
    <message>
        <source>What is left of a supervised case&apos;s deadlines is multiplied by this, 0.05–1</source>
        <translation>督办案件的剩余时限乘以此系数，0.05–1</translation>
    </message>
    <message>
        <source>working</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>24x7</source>
        <translation>24x7</translation>
    </message>
    <message>
        <source>Edited, not saved yet (was {old})</source>
        <translation>已修改，尚未保存（原为 {old}）</translation>
    </message>
</context>
<context>
    <name>PromoteDialog</name>
    <message>
        <source>Open case</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Promote alert #{id} to a case</source>
        <translation>将预警 #{id} 转为案件</translation>
    </message>
    <message>
        <source>Open a case from this alert. The alert is linked to the case and acknowledged.</source>
        <translation>根据此预警立案。预警将与案件关联并标记为已确认。</translation>
    </message>
    <message>
        <source>— choose the grid —</source>
        <translation>— 选择网格 —</translation>
    </message>
    <message>
        <source>Give the case a title.</source>
        <translation>请为案件填写标题。</translation>
    </message>
    <message>
        <source>The title is {n} characters; at most {max}.</source>
        <translation>标题有 {n} 个字符，最多 {max} 个。</translation>
    </message>
    <message>
        <source>The alert&apos;s area is in no grid cell: choose the grid.</source>
        <translation>预警区域不在任何网格内：请选择网格。</translation>
    </message>
</context>
<context>
    <name>ProposalModel</name>
    <message>
        <source>Member</source>
        <translation>队员</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>资质</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>On shift</source>
        <translation>在班</translation>
    </message>
    <message>
        <source>Call in</source>
        <translation>召回</translation>
    </message>
</context>
<context>
    <name>ReadyPage</name>
    <message>
        <source>Ready</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{name}, time zone {zone}.</source>
        <translation>{name}，时区 {zone}。</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>{level}: {n}</source>
        <translation>{level}：{n}</translation>
    </message>
    <message>
        <source>Teams: {teams}, members: {members}.</source>
        <translation>队伍：{teams}，队员：{members}。</translation>
    </message>
    <message>
        <source>Finish opens the board. Run this assistant again from Tools › Set up the center…, or change single areas in the territory view (View › Territory).</source>
        <translation>点击“完成”打开案件看板。可从“工具 › 中心设置…”再次运行本向导，或在辖区视图（视图 › 辖区）中修改单个区域。</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>Reassign {task}</source>
        <translation>改派 {task}</translation>
    </message>
    <message>
        <source>New owner</source>
        <translation>新负责方</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation>负责方(&amp;O)</translation>
    </message>
</context>
<context>
    <name>RenameAreaDialog</name>
    <message>
        <source>Rename {level} {code}</source>
        <translation>重命名{level} {code}</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>&amp;Chinese name</source>
        <translation>中文名称(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;English name</source>
        <translation>英文名称(&amp;E)</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Report upward · {reference}</source>
        <translation>上报报告 · {reference}</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>报告正文</translation>
    </message>
    <message>
        <source>Generated from the incident&apos;s data: check it, add what the data does not say, then sign. Signing marks it sent now.</source>
        <translation>根据事件数据生成：请核对并补充数据未涵盖的内容，然后签发。签发即视为现在已报送。</translation>
    </message>
    <message>
        <source>Sign and send</source>
        <translation>签发报送</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>报告(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ReportPdf</name>
    <message>
        <source>Generated {0}</source>
        <translation>生成于 {0}</translation>
    </message>
    <message>
        <source>No data in this period.</source>
        <translation>本期间无数据。</translation>
    </message>
</context>
<context>
    <name>RiskMatrix</name>
    <message>
        <source>Risk matrix</source>
        <translation>风险矩阵</translation>
    </message>
    <message>
        <source>Severity →</source>
        <translation>严重性 →</translation>
    </message>
    <message>
        <source>Likelihood →</source>
        <translation>可能性 →</translation>
    </message>
    <message>
        <source>Likelihood {l} × severity {s} = {score}, {level}
{n} hazard(s) — click to show only these</source>
        <translation>可能性 {l} × 严重性 {s} = {score}，{level}
{n} 处风险源 — 单击仅显示这些</translation>
    </message>
</context>
<context>
    <name>RosterImport</name>
    <message>
        <source>{source}: {added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected</source>
        <translation>{source}：新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条，未导入 {rejected} 条</translation>
    </message>
    <message>
        <source>{source}: line {line}: {reason}</source>
        <translation>{source} 第 {line} 行：{reason}</translation>
    </message>
</context>
<context>
    <name>RosterLabels</name>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>On task</source>
        <translation>执行任务</translation>
    </message>
    <message>
        <source>Off duty</source>
        <translation>下班</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>休假</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>缺员</translation>
    </message>
    <message>
        <source>No shift</source>
        <translation>无班次</translation>
    </message>
    <message>
        <source>{state} {ready}/{needed}</source>
        <translation>{state} {ready}/{needed}</translation>
    </message>
    <message>
        <source>on call {crew}</source>
        <translation>备班 {crew}</translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Show only members holding this qualification</source>
        <translation>仅显示持有此资质的队员</translation>
    </message>
    <message>
        <source>Show the members of one team, or of all</source>
        <translation>显示某支队伍或全部队伍的队员</translation>
    </message>
    <message>
        <source>Search members</source>
        <translation>搜索队员</translation>
    </message>
    <message>
        <source>Search name, role, phone…</source>
        <translation>搜索姓名、职务、电话…</translation>
    </message>
    <message>
        <source>Dispatch selected case to this team…</source>
        <translation>将所选案件派遣至此队伍…</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>资质</translation>
    </message>
    <message>
        <source>Teams and readiness</source>
        <translation>队伍与战备</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>队员</translation>
    </message>
    <message>
        <source>Set availability</source>
        <translation>设置可用状态</translation>
    </message>
    <message>
        <source>The selected member&apos;s availability</source>
        <translation>所选队员的可用状态</translation>
    </message>
    <message>
        <source>On duty now and next</source>
        <translation>当前及下一班值班</translation>
    </message>
    <message>
        <source>Shifts of the week</source>
        <translation>本周班次</translation>
    </message>
    <message>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <source>Now &amp;&amp; next</source>
        <translation>当前和下一班</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周视图</translation>
    </message>
    <message>
        <source>All teams</source>
        <translation>全部队伍</translation>
    </message>
    <message>
        <source>Any qualification</source>
        <translation>任意资质</translation>
    </message>
    <message>
        <source>Select a team to see who is on duty now and next, with their phones.</source>
        <translation>选择一支队伍以查看当前和下一班的值班人员及电话。</translation>
    </message>
    <message>
        <source>{team} {name}: on duty now and next (✓ counts towards readiness).</source>
        <translation>{team} {name}：当前和下一班值班人员（✓ 计入战备）。</translation>
    </message>
    <message>
        <source>Week of {first} – {last} ({zone})</source>
        <translation>{first} – {last} 周（{zone}）</translation>
    </message>
    <message>
        <source>No case selected</source>
        <translation>未选择案件</translation>
    </message>
    <message>
        <source>Select a case on the board to dispatch it from here</source>
        <translation>在看板上选择一件案件，即可在此派遣</translation>
    </message>
    <message>
        <source>Case {ref} · {category}</source>
        <translation>案件 {ref} · {category}</translation>
    </message>
    <message>
        <source>Your role may not dispatch cases</source>
        <translation>您的角色无权派遣案件</translation>
    </message>
    <message>
        <source>Select a case on the board first</source>
        <translation>请先在看板上选择一件案件</translation>
    </message>
    <message>
        <source>Select the team to send</source>
        <translation>选择要派遣的队伍</translation>
    </message>
    <message>
        <source>{ref} is {stage}: only registered cases are dispatched</source>
        <translation>{ref} 处于“{stage}”：只有已立案的案件可以派遣</translation>
    </message>
    <message>
        <source>{ref} is with {team}: members can join it from that team only</source>
        <translation>{ref} 由 {team} 处置：只能从该队伍增派队员</translation>
    </message>
    <message>
        <source>Choose the members to send with {ref}</source>
        <translation>选择随 {ref} 派出的队员</translation>
    </message>
    <message>
        <source>{n} members shown, {a} available</source>
        <translation>显示 {n} 名队员，{a} 名可用</translation>
    </message>
</context>
<context>
    <name>SeatControls</name>
    <message>
        <source>&amp;Lock seat</source>
        <translation>锁定席位(&amp;L)</translation>
    </message>
    <message>
        <source>Cover the console until you, or the operator taking over, sign in (Ctrl+L)</source>
        <translation>遮盖控制台，直到您或接班操作员登录（Ctrl+L）</translation>
    </message>
    <message>
        <source>&amp;Operators…</source>
        <translation>操作员(&amp;O)…</translation>
    </message>
    <message>
        <source>Add operators, set roles, deactivate, reset passwords</source>
        <translation>添加操作员、设置角色、停用、重置密码</translation>
    </message>
    <message>
        <source>Only an administrator manages operators.</source>
        <translation>只有管理员可以管理操作员。</translation>
    </message>
</context>
<context>
    <name>SeedProgress</name>
    <message>
        <source>{rate} cases/s</source>
        <translation>每秒 {rate} 件</translation>
    </message>
    <message>
        <source>seeded {done} of {total} cases ({percent}%)</source>
        <translation>已生成 {done}/{total} 件案件（{percent}%）</translation>
    </message>
</context>
<context>
    <name>SetupAssistant</name>
    <message>
        <source>Set up the center</source>
        <translation>中心设置</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>完成(&amp;F)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SheetImport</name>
    <message>
        <source>leaders</source>
        <translation>队长</translation>
    </message>
    <message>
        <source>{file} ({label})</source>
        <translation>{file}（{label}）</translation>
    </message>
    <message>
        <source>{file}: {added} added, {updated} updated, {unchanged} unchanged</source>
        <translation>{file}：新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条</translation>
    </message>
    <message>
        <source>, {removed} removed</source>
        <translation>，移除 {removed} 条</translation>
    </message>
    <message>
        <source>, {rejected} rejected</source>
        <translation>，未导入 {rejected} 条</translation>
    </message>
    <message>
        <source> ({n} more rejection(s) not listed)</source>
        <translation>（另有 {n} 条未导入的记录未列出）</translation>
    </message>
    <message>
        <source>{file}: rejected: {text}</source>
        <translation>{file}：未导入：{text}</translation>
    </message>
    <message>
        <source>{file}: note: {text}</source>
        <translation>{file}：提示：{text}</translation>
    </message>
    <message>
        <source>{file}:rotation {line}: rejected: {text}</source>
        <translation>{file} 第 {line} 个轮班：未导入：{text}</translation>
    </message>
    <message>
        <source>{file}:rotation {line}: note: {text}</source>
        <translation>{file} 第 {line} 个轮班：提示：{text}</translation>
    </message>
    <message>
        <source>{file}:{line}: rejected: {text}</source>
        <translation>{file} 第 {line} 行：未导入：{text}</translation>
    </message>
    <message>
        <source>{file}:{line}: note: {text}</source>
        <translation>{file} 第 {line} 行：提示：{text}</translation>
    </message>
</context>
<context>
    <name>ShelveDialog</name>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 小时</translation>
    </message>
    <message>
        <source>Until a time:</source>
        <translation>直到指定时间：</translation>
    </message>
    <message>
        <source>Shelve until</source>
        <translation>搁置至</translation>
    </message>
    <message>
        <source>Shelve</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Shelve alert #{id}</source>
        <translation>搁置预警 #{id}</translation>
    </message>
    <message>
        <source>Put “{title}” aside; it comes back as new by itself when the time is up.</source>
        <translation>暂时搁置“{title}”；到时它会自动恢复为新预警。</translation>
    </message>
    <message>
        <source>Choose a time in the future.</source>
        <translation>请选择一个将来的时间。</translation>
    </message>
</context>
<context>
    <name>Shifts</name>
    <message>
        <source>Day</source>
        <translation>白</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>夜</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Watchroom</source>
        <translation>登录 Watchroom 值班室</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in with your operator name and password.</source>
        <translation>请使用操作员账号和密码登录。</translation>
    </message>
    <message>
        <source>Demo database: every operator&apos;s password is</source>
        <translation>演示数据库：所有操作员的密码均为</translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>&amp;Operator</source>
        <translation>操作员(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Type or choose your operator name.</source>
        <translation>输入或选择您的操作员账号。</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>输入您的密码。</translation>
    </message>
</context>
<context>
    <name>StageCountStrip</name>
    <message>
        <source>{stage} {n}</source>
        <translation>{stage} {n}</translation>
    </message>
    <message>
        <source>Show only open cases that are {stage}</source>
        <translation>仅显示处于“{stage}”的在办案件</translation>
    </message>
    <message>
        <source>Paused {n}</source>
        <translation>暂停 {n}</translation>
    </message>
    <message>
        <source>Show only paused cases (waiting on an outside party)</source>
        <translation>仅显示已暂停的案件（等待外部单位）</translation>
    </message>
    <message>
        <source>Closed (24 h) {n}</source>
        <translation>已结案（24 小时）{n}</translation>
    </message>
    <message>
        <source>Show the history of closed cases, newest first</source>
        <translation>按时间倒序显示已结案件历史</translation>
    </message>
    <message>
        <source>Overdue {n}</source>
        <translation>超期 {n}</translation>
    </message>
    <message>
        <source>Show only open cases past a deadline (breached, level 2 or 3)</source>
        <translation>仅显示已超期的在办案件（超时，2 级或 3 级）</translation>
    </message>
</context>
<context>
    <name>TeamStatusModel</name>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>Readiness</source>
        <translation>战备</translation>
    </message>
    <message>
        <source>On now</source>
        <translation>当前在班</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一班</translation>
    </message>
    <message>
        <source>Avail.</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Off/leave</source>
        <translation>下班/休假</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>{crew} until {end}</source>
        <translation>{crew} 至 {end}</translation>
    </message>
    <message>
        <source>{crew} at {start}</source>
        <translation>{crew} 于 {start}</translation>
    </message>
    <message>
        <source>{state}: {ready} of {needed} needed are available and qualified on {crew} {span}</source>
        <translation>{state}：{crew} {span} 需要 {needed} 人，{ready} 人可用且具备资质</translation>
    </message>
    <message>
        <source>No shift now nor in the next 24 hours</source>
        <translation>当前及未来 24 小时内无班次</translation>
    </message>
    <message>
        <source>{n} of {total} members available</source>
        <translation>{total} 名队员中 {n} 名可用</translation>
    </message>
    <message>
        <source>Members on task on cases</source>
        <translation>正在处置案件的队员</translation>
    </message>
    <message>
        <source>Off duty / on leave</source>
        <translation>下班 / 休假</translation>
    </message>
</context>
<context>
    <name>Territory</name>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name}（已停用）</translation>
    </message>
</context>
<context>
    <name>TerritoryImport</name>
    <message>
        <source>district</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>{file}:feature {n}</source>
        <translation>{file} 第 {n} 个要素</translation>
    </message>
    <message>
        <source> (code {code})</source>
        <translation>（编码 {code}）</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>已修复</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>{where}: {kind}: {reason}</source>
        <translation>{where}：{kind}：{reason}</translation>
    </message>
    <message>
        <source>{n} file(s)</source>
        <translation>{n} 个文件</translation>
    </message>
    <message>
        <source>{read} features in {files} → {areas} {level} areas; {rejected} rejected, {repaired} repaired, {merged} merged, {warnings} warnings</source>
        <translation>{files}中的 {read} 个要素 → {areas} 个{level}区域；未导入 {rejected} 个，修复 {repaired} 个，合并 {merged} 个，警告 {warnings} 个</translation>
    </message>
    <message>
        <source>{created} {level} areas would be created, {updated} updated, {unchanged} unchanged, {retired} retired.</source>
        <translation>将新建{level}区域 {created} 个，更新 {updated} 个，未变 {unchanged} 个，销号 {retired} 个。</translation>
    </message>
    <message>
        <source>{created} {level} areas were created, {updated} updated, {unchanged} unchanged, {retired} retired.</source>
        <translation>已新建{level}区域 {created} 个，更新 {updated} 个，未变 {unchanged} 个，销号 {retired} 个。</translation>
    </message>
    <message>
        <source>updated: {code}</source>
        <translation>已更新：{code}</translation>
    </message>
    <message>
        <source>retired: {code}</source>
        <translation>已销号：{code}</translation>
    </message>
    <message>
        <source> (keeps its {n} open case(s))</source>
        <translation>（保留其 {n} 件在办案件）</translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>试运行：未写入任何内容。</translation>
    </message>
</context>
<context>
    <name>TerritoryImportPage</name>
    <message>
        <source>The territory</source>
        <translation>辖区</translation>
    </message>
    <message>
        <source>Load the center&apos;s areas from its own GIS files (GeoJSON, Shapefile, CSV with a WKT column), one level at a time from the top down: each level finds its parents in the one above. Nothing is written until you press Import.</source>
        <translation>从中心自己的 GIS 文件（GeoJSON、Shapefile、带 WKT 列的 CSV）导入区域，自上而下逐级导入：每一级在上一级中找到所属区域。按“导入”之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Choose the files, or type their paths separated by ; and press Enter</source>
        <translation>选择文件，或输入以 ; 分隔的路径后按回车</translation>
    </message>
    <message>
        <source>&amp;Choose files…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Parent code</source>
        <translation>上级编码</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <source>{role} field</source>
        <translation>{role}字段</translation>
    </message>
    <message>
        <source>Coordinate system</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>As the file says</source>
        <translation>按文件声明</translation>
    </message>
    <message>
        <source>GCJ-02 (traced from Chinese web maps)</source>
        <translation>GCJ-02（来自国内网络地图）</translation>
    </message>
    <message>
        <source>CGCS2000 longitude/latitude (EPSG:4490)</source>
        <translation>CGCS2000 经纬度 (EPSG:4490)</translation>
    </message>
    <message>
        <source>WGS 84 longitude/latitude (EPSG:4326)</source>
        <translation>WGS 84 经纬度 (EPSG:4326)</translation>
    </message>
    <message>
        <source>Or type one: EPSG:4549 for a CGCS2000 Gauss-Krüger zone, …</source>
        <translation>也可直接输入，如 CGCS2000 高斯-克吕格分带 EPSG:4549 …</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Retire the areas of this level the files no longer hold</source>
        <translation>停用文件中已不存在的本级区域</translation>
    </message>
    <message>
        <source>A retired grid keeps its history and its cases, and takes no new ones</source>
        <translation>停用的网格保留历史和案件，不再接收新案件</translation>
    </message>
    <message>
        <source>Map preview</source>
        <translation>地图预览</translation>
    </message>
    <message>
        <source>Validation report</source>
        <translation>校验报告</translation>
    </message>
    <message>
        <source>The report of the check appears here.</source>
        <translation>校验报告显示在这里。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>层级(&amp;L)</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>&amp;Coordinates</source>
        <translation>坐标(&amp;C)</translation>
    </message>
    <message>
        <source>The territory is empty.</source>
        <translation>辖区为空。</translation>
    </message>
    <message>
        <source>{n} × {level}</source>
        <translation>{level} {n} 个</translation>
    </message>
    <message>
        <source>In the territory now: {parts}.</source>
        <translation>辖区现有：{parts}。</translation>
    </message>
    <message>
        <source>Territory files</source>
        <translation>辖区文件</translation>
    </message>
    <message>
        <source>GIS files ({patterns})</source>
        <translation>GIS 文件 ({patterns})</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>Checked: {n} × {level}, {rejected} rejected. Nothing is written until you press Import.</source>
        <translation>已校验：{level} {n} 个，{rejected} 个被拒绝。按“导入”之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>&amp;Import {n} × {level}</source>
        <translation>导入{level} {n} 个(&amp;I)</translation>
    </message>
    <message>
        <source>The files cannot be imported as they are.</source>
        <translation>这些文件无法按现状导入。</translation>
    </message>
    <message>
        <source>No area to draw.</source>
        <translation>没有可绘制的区域。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{level}: {created} created, {updated} updated, {retired} retired</source>
        <translation>{level}：新建 {created}，更新 {updated}，停用 {retired}</translation>
    </message>
    <message>
        <source>Imported. {done}.</source>
        <translation>已导入。{done}。</translation>
    </message>
    <message>
        <source>Next level: {level}</source>
        <translation>下一级：{level}</translation>
    </message>
    <message>
        <source>Nothing was imported: {why}</source>
        <translation>未导入任何内容：{why}</translation>
    </message>
</context>
<context>
    <name>TerritoryTreeModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>人口</translation>
    </message>
</context>
<context>
    <name>TerritoryView</name>
    <message>
        <source>Find an area</source>
        <translation>查找区域</translation>
    </message>
    <message>
        <source>Find a grid by code, name or pinyin, or an area by name</source>
        <translation>按编码、名称或拼音查找网格，或按名称查找区域</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Grid workers</source>
        <translation>网格员</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Households…</source>
        <translation>户数(&amp;H)…</translation>
    </message>
    <message>
        <source>Re&amp;tire</source>
        <translation>停用(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Add grid…</source>
        <translation>添加网格(&amp;A)…</translation>
    </message>
    <message>
        <source>Re-&amp;import a file…</source>
        <translation>重新导入文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>所属区域</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>面积</translation>
    </message>
    <message>
        <source>Below</source>
        <translation>下辖</translation>
    </message>
    <message>
        <source>The territory is empty: re-import a file to load it.</source>
        <translation>辖区为空：请导入文件。</translation>
    </message>
    <message>
        <source>{n} found</source>
        <translation>找到 {n} 个</translation>
    </message>
    <message>
        <source>The whole territory</source>
        <translation>全部辖区</translation>
    </message>
    <message>
        <source>No shapes loaded yet.</source>
        <translation>尚未载入形状。</translation>
    </message>
    <message>
        <source>{title}  · retired</source>
        <translation>{title}  · 已停用</translation>
    </message>
    <message>
        <source>no shape</source>
        <translation>无形状</translation>
    </message>
    <message>
        <source>This area has no shape.</source>
        <translation>该区域没有形状。</translation>
    </message>
    <message>
        <source>{grids} grids, {households} households</source>
        <translation>{grids} 个网格，{households} 户</translation>
    </message>
    <message>
        <source>No grid-worker team is based here.</source>
        <translation>没有网格员队伍驻在此网格。</translation>
    </message>
    <message>
        <source>Only an administrator may change the territory.</source>
        <translation>只有管理员可以修改辖区。</translation>
    </message>
    <message>
        <source>Res&amp;tore</source>
        <translation>恢复(&amp;T)</translation>
    </message>
    <message>
        <source>Give the area another Chinese or English name</source>
        <translation>修改区域的中文或英文名称</translation>
    </message>
    <message>
        <source>Set the households and population</source>
        <translation>设置户数和人口</translation>
    </message>
    <message>
        <source>A retired area keeps its history and cases and takes no new ones; restoring brings it back</source>
        <translation>停用的区域保留历史和案件，不再接收新案件；恢复后重新启用</translation>
    </message>
    <message>
        <source>Add one grid, its shape pasted as WKT or GeoJSON</source>
        <translation>添加一个网格，形状以 WKT 或 GeoJSON 粘贴</translation>
    </message>
    <message>
        <source>Load a level again from a GIS file: the same code updates the area</source>
        <translation>从 GIS 文件重新导入一级区域：相同编码将更新该区域</translation>
    </message>
    <message>
        <source>Saved {code}.</source>
        <translation>已保存 {code}。</translation>
    </message>
    <message>
        <source>Grid {code} added.</source>
        <translation>已添加网格 {code}。</translation>
    </message>
    <message>
        <source>{code} restored: it takes new cases again.</source>
        <translation>{code} 已恢复：重新接收新案件。</translation>
    </message>
    <message>
        <source>{code} retired: it keeps its history and takes no new cases.</source>
        <translation>{code} 已停用：保留历史，不再接收新案件。</translation>
    </message>
</context>
<context>
    <name>TextActionDialog</name>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Why is {ref} paused? Say who or what it is waiting on.</source>
        <translation>{ref} 为什么暂停？请说明在等待谁或什么。</translation>
    </message>
    <message>
        <source>What failed verification on {ref}? It goes back to the team as rework.</source>
        <translation>{ref} 核查未通过的原因？案件将作为返工退回队伍。</translation>
    </message>
    <message>
        <source>Note on {ref}:</source>
        <translation>{ref} 的备注：</translation>
    </message>
    <message>
        <source>Text for {ref}:</source>
        <translation>{ref} 的说明：</translation>
    </message>
</context>
<context>
    <name>TierEditor</name>
    <message>
        <source>Stricter tiers</source>
        <translation>从严档位</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>生效中</translation>
    </message>
    <message>
        <source>No stricter tier has been switched on.</source>
        <translation>尚未启用从严档位。</translation>
    </message>
    <message>
        <source>e.g. Flood season 2026</source>
        <translation>例如 2026 年汛期</translation>
    </message>
    <message>
        <source>Limits are multiplied by this: 0.5 halves them</source>
        <translation>时限乘以此系数：0.5 即减半</translation>
    </message>
    <message>
        <source>Grids the tier covers</source>
        <translation>档位覆盖的网格</translation>
    </message>
    <message>
        <source>Tick the grids the tier covers</source>
        <translation>勾选此档位覆盖的网格</translation>
    </message>
    <message>
        <source>Switch on tier</source>
        <translation>启用档位</translation>
    </message>
    <message>
        <source>A tier applies to cases reported in its grids while it is in force.</source>
        <translation>档位生效期间，适用于其网格内上报的案件。</translation>
    </message>
    <message>
        <source>Read-only: switching on a stricter tier needs a coordinator or an administrator.</source>
        <translation>只读：启用从严档位需要协调员或管理员权限。</translation>
    </message>
    <message>
        <source>From (the center&apos;s time)</source>
        <translation>开始（中心时区）</translation>
    </message>
    <message>
        <source>Until (the center&apos;s time)</source>
        <translation>结束（中心时区）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Name the tier and tick at least one grid</source>
        <translation>请为档位命名并至少勾选一个网格</translation>
    </message>
    <message>
        <source>Tier “{name}” is on: limits × {factor:g} in {n} grid(s) from {start} until {end}.</source>
        <translation>档位“{name}”已启用：{n} 个网格内时限 × {factor:g}，自 {start} 至 {end}。</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>severity</source>
        <translation>严重性</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>deadlines shortened</source>
        <translation>时限已缩短</translation>
    </message>
    <message>
        <source>assisting</source>
        <translation>协办</translation>
    </message>
    <message>
        <source>part</source>
        <translation>协办任务</translation>
    </message>
    <message>
        <source>reported in after</source>
        <translation>报到用时</translation>
    </message>
    <message>
        <source>returns</source>
        <translation>退单次数</translation>
    </message>
    <message>
        <source>returned by</source>
        <translation>退单单位</translation>
    </message>
    <message>
        <source>disputed</source>
        <translation>有争议</translation>
    </message>
    <message>
        <source>ruled owner</source>
        <translation>确权单位</translation>
    </message>
    <message>
        <source>satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>resolved (citizen)</source>
        <translation>已解决（群众）</translation>
    </message>
    <message>
        <source>callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>callback due</source>
        <translation>回访截止</translation>
    </message>
    <message>
        <source>reopened by callbacks</source>
        <translation>因回访重新办理</translation>
    </message>
    <message>
        <source>{kind} deadline: {old} → {new}</source>
        <translation>{kind}时限：{old} → {new}</translation>
    </message>
    <message>
        <source>due {when}, {late} late</source>
        <translation>时限 {when}，超期 {late}</translation>
    </message>
    <message>
        <source>due {when}</source>
        <translation>{when} 到期</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Page queued</source>
        <translation>寻呼已排队</translation>
    </message>
    <message>
        <source>Page sent</source>
        <translation>寻呼已发送</translation>
    </message>
    <message>
        <source>Page failed</source>
        <translation>寻呼发送失败</translation>
    </message>
    <message>
        <source>Page repeated</source>
        <translation>寻呼已重发</translation>
    </message>
    <message>
        <source>Page moved up the chain</source>
        <translation>寻呼已逐级上报</translation>
    </message>
    <message>
        <source>Page acknowledged</source>
        <translation>寻呼已确认</translation>
    </message>
    <message>
        <source>Paging gave up</source>
        <translation>寻呼已放弃</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>测试寻呼</translation>
    </message>
    <message>
        <source>Photos added</source>
        <translation>已添加照片</translation>
    </message>
    <message>
        <source>before</source>
        <translation>处置前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>处置后</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>{n} photo(s): {kinds}</source>
        <translation>{n} 张照片：{kinds}</translation>
    </message>
    <message>
        <source>paused for {d}</source>
        <translation>暂停了 {d}</translation>
    </message>
</context>
<context>
    <name>TimelineFlagging</name>
    <message>
        <source>Flag as significant for the handover</source>
        <translation>标记为交接班重要事项</translation>
    </message>
    <message>
        <source>List this event in the shift&apos;s activity log</source>
        <translation>将此事件列入本班工作记录</translation>
    </message>
    <message>
        <source>Flagged significant for the handover</source>
        <translation>已标记为交接班重要事项</translation>
    </message>
    <message>
        <source>{subject}: flagged significant for the handover.</source>
        <translation>{subject}：已标记为交接班重要事项。</translation>
    </message>
</context>
<context>
    <name>WeekModel</name>
    <message>
        <source>{day} · today</source>
        <translation>{day} · 今天</translation>
    </message>
    <message>
        <source>all day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>⚠ {text} {ready}/{needed}</source>
        <translation>⚠ {text} {ready}/{needed}</translation>
    </message>
    <message>
        <source>{team} {crew}: {span}, {ready} of {needed} ready
{people}</source>
        <translation>{team} {crew}：{span}，{needed} 人中 {ready} 人就绪
{people}</translation>
    </message>
</context>
<context>
    <name>_AreaDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>
