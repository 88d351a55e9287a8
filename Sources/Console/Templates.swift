/// The Mustache templates of the console's pages (server-rendered HTML; `{{x}}` is HTML-escaped).
/// They are compiled into the binary so that `ivr console` needs no resource folder at run time.
enum Templates {
    static let all: [String: String] = [
        "head": head, "foot": foot, "login": login, "queue": queue, "ticket": ticket, "prompts": prompts,
        "accounts": accounts, "listens": listens, "unavailable": unavailable, "line": line, "reports": reports, "qa": qa,
    ]

    static let head = """
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{hotline}}</title>
        <link rel="stylesheet" href="/static/console.css">
        </head>
        <body>
        <header class="top">
          <div class="brand"><strong>{{hotline}}</strong><span class="sub">工作台</span></div>
          <div class="today">{{today}}</div>
          {{#user}}
          <nav>
            {{#nav}}<a href="{{href}}"{{#current}} class="current" aria-current="page"{{/current}}>{{label}}</a>{{/nav}}
          </nav>
          <form class="who" method="post" action="/logout">
            <span>{{name}}（{{roleName}}）</span>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="link">退出</button>
          </form>
          {{/user}}
        </header>
        <main>
        {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
        """

    static let foot = """
        </main>
        <footer><small>ivr console · {{hotline}}</small></footer>
        {{#scripts}}<script src="{{.}}"></script>{{/scripts}}
        </body>
        </html>
        """

    static let login = """
        {{> head}}
        <section class="narrow card">
          <h1>工作人员登录</h1>
          {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
          <form method="post" action="/login" id="login">
            <input type="hidden" name="csrf" value="{{loginCSRF}}">
            <input type="hidden" name="next" value="{{next}}">
            <label>用户名<input name="name" id="name" autocomplete="username" required maxlength="32" autofocus></label>
            <label>密码<input name="password" id="password" type="password" autocomplete="current-password" required maxlength="200"></label>
            <button type="submit">登录</button>
          </form>
          {{#noStaff}}<p class="hint">尚无工作人员账号。请在服务器上运行 <code>ivr console adduser 姓名 --role 管理员</code> 创建第一个账号。</p>{{/noStaff}}
        </section>
        {{> foot}}
        """

    static let queue = """
        {{> head}}
        <h1>工单处理队列</h1>
        <form class="filters" method="get" action="/tickets">
          <label>工单号<input name="q" value="{{q}}" inputmode="numeric" maxlength="12" placeholder="例如 100017"></label>
          <label>类别<select name="kind">
            <option value="">全部</option>
            {{#kinds}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}
          </select></label>
          <button type="submit">查询</button>
        </form>
        {{#searchMiss}}<p class="error" role="alert">没有找到工单 {{searchMiss}}，请核对号码（最后一位是校验位）。</p>{{/searchMiss}}
        <table class="summary">
          <thead><tr><th>类别</th><th>已逾期</th><th>今日到期</th><th>{{horizonLabel}}</th></tr></thead>
          <tbody>
          {{#summary}}<tr><th>{{label}}</th><td class="{{#anyOverdue}}late{{/anyOverdue}}">{{overdue}}</td><td>{{today}}</td><td>{{soon}}</td></tr>{{/summary}}
          </tbody>
        </table>
        {{#bands}}
        <section class="band" id="band-{{id}}">
          <h2>{{title}} <span class="count">{{total}} 件</span></h2>
          {{#hasRows}}
          <table class="queue">
            <thead><tr><th>工单号</th><th>类别</th><th>来电号码</th><th>受理时间</th><th>截止日期</th><th>期限</th><th>经办人</th></tr></thead>
            <tbody>
            {{#rows}}<tr class="{{rowClass}}"><td><a href="/tickets/{{number}}">{{number}}</a></td><td>{{kind}}</td><td>{{caller}}</td><td>{{created}}</td><td>{{due}}</td><td>{{left}}</td><td>{{assignee}}</td></tr>{{/rows}}
            </tbody>
          </table>
          {{#more}}<p class="hint">仅显示前 {{shown}} 件，请按类别或工单号筛选。</p>{{/more}}
          {{/hasRows}}
          {{^hasRows}}<p class="empty">暂无。</p>{{/hasRows}}
        </section>
        {{/bands}}
        {{> foot}}
        """

    static let ticket = """
        {{> head}}
        <p><a href="/tickets">‹ 返回队列</a></p>
        <h1>工单 {{number}} <span class="badge {{statusClass}}">{{status}}</span></h1>
        <dl class="facts">
          <dt>类别</dt><dd>{{kind}}</dd>
          <dt>来电号码</dt><dd>{{caller}}</dd>
          <dt>受理时间</dt><dd>{{created}}</dd>
          <dt>答复期限</dt><dd><strong>{{due}}</strong>（{{left}}）</dd>
          <dt>菜单路径</dt><dd><code>{{path}}</code></dd>
          <dt>经办人</dt><dd>{{assignee}}</dd>
          {{#details}}<dt>{{key}}</dt><dd>{{value}}</dd>{{/details}}
          {{#recovered}}<dt>备注</dt><dd>系统故障后恢复的留言</dd>{{/recovered}}
        </dl>
        {{#recording}}
        <section class="card">
          <h2>来电留言</h2>
          <audio id="message" controls preload="none" src="{{recording}}"></audio>
          <p class="hint">每次收听都会记录收听人和时间。</p>
        </section>
        {{/recording}}
        {{#open}}
        <section class="actions">
          <form method="post" action="/tickets/{{number}}/answer" class="card" id="answer-form">
            <h2>已答复</h2>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>答复说明<textarea name="note" id="answer-note" required maxlength="500" rows="3" placeholder="如何答复了来电人"></textarea></label>
            <button type="submit" id="answer">标记为已答复</button>
          </form>
          <form method="post" action="/tickets/{{number}}/close" class="card">
            <h2>关闭</h2>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>关闭原因<textarea name="note" required maxlength="500" rows="2"></textarea></label>
            <button type="submit" class="secondary">关闭工单</button>
          </form>
          <form method="post" action="/tickets/{{number}}/assign" class="card">
            <h2>改派</h2>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label>改派给<select name="to" required>
              {{#staff}}<option value="{{name}}"{{#current}} selected{{/current}}>{{name}}（{{roleName}}）</option>{{/staff}}
            </select></label>
            <button type="submit" class="secondary">改派</button>
          </form>
        </section>
        {{/open}}
        <section>
          <h2>处理记录</h2>
          <table class="trail"><thead><tr><th>时间</th><th>状态</th><th>操作人</th><th>说明</th></tr></thead>
          <tbody>{{#trail}}<tr><td>{{at}}</td><td>{{from}} → {{to}}</td><td>{{actor}}</td><td>{{note}}</td></tr>{{/trail}}</tbody></table>
        </section>
        {{> foot}}
        """

    static let prompts = """
        {{> head}}
        <h1>提示音</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <table class="prompts">
          <thead><tr><th>编号</th><th>语种</th><th>时长</th><th>电平</th><th>来源</th><th>文本</th><th>试听</th>{{#canManage}}<th>管理</th>{{/canManage}}</tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            <td><code>{{id}}</code></td><td>{{lang}}</td><td>{{seconds}}</td><td>{{level}}</td><td>{{origin}}</td><td class="text">{{text}}</td>
            <td>{{#exists}}<audio controls preload="none" src="/prompts/{{lang}}/{{id}}/audio"></audio>{{/exists}}{{^exists}}缺失{{/exists}}</td>
            {{#canManage}}<td class="manage">
              <form method="post" action="/prompts/{{lang}}/{{id}}/install" enctype="multipart/form-data">
                <input type="hidden" name="csrf" value="{{csrf}}"><input type="file" name="file" accept="audio/*" required><button type="submit" class="small">安装</button>
              </form>
              {{#hasPrevious}}<form method="post" action="/prompts/{{lang}}/{{id}}/rollback"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="small secondary">回退</button></form>{{/hasPrevious}}
            </td>{{/canManage}}
          </tr>
          {{/rows}}
          </tbody>
        </table>
        {{> foot}}
        """

    static let accounts = """
        {{> head}}
        <h1>工作人员账号</h1>
        <table><thead><tr><th>用户名</th><th>角色</th><th>创建时间</th></tr></thead>
        <tbody>{{#accounts}}<tr><td>{{name}}</td><td>{{roleName}}</td><td>{{created}}</td></tr>{{/accounts}}</tbody></table>
        <form method="post" action="/accounts" class="card narrow">
          <h2>新建账号</h2>
          <input type="hidden" name="csrf" value="{{csrf}}">
          <label>用户名<input name="name" required maxlength="32"></label>
          <label>角色<select name="role">{{#roles}}<option value="{{id}}">{{label}}</option>{{/roles}}</select></label>
          <label>初始密码（至少 10 位）<input name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password"></label>
          <button type="submit">创建</button>
        </form>
        {{> foot}}
        """

    static let listens = """
        {{> head}}
        <h1>录音收听记录</h1>
        <table><thead><tr><th>时间</th><th>收听人</th><th>录音</th></tr></thead>
        <tbody>{{#rows}}<tr><td>{{at}}</td><td>{{staff}}</td><td>{{subject}} {{ref}}</td></tr>{{/rows}}</tbody></table>
        {{> foot}}
        """

    static let unavailable = """
        {{> head}}
        <h1>{{title}}</h1>
        <p class="card">{{message}}</p>
        {{> foot}}
        """

    static let line = """
        {{> head}}
        <h1>线路状态 <small class="hint" id="live">实时更新</small></h1>
        <table class="lines">
          <thead><tr><th>线路</th><th>状态</th><th>自</th><th>操作人</th><th>原因</th><th>切换（第二十条）</th></tr></thead>
          <tbody>
          {{#lines}}
          <tr><td>{{line}}</td><td><span class="state {{state}}" data-line-state="{{line}}">{{stateName}}</span></td><td>{{since}}</td><td>{{actor}}</td><td>{{note}}</td>
            <td><form method="post" action="/line/{{line}}/state" class="inline">
              <input type="hidden" name="csrf" value="{{csrf}}">
              {{#isOpen}}<input type="hidden" name="state" value="closed"><input name="note" placeholder="闭席原因，如系统维护" maxlength="200"><button type="submit" class="secondary" id="close-{{line}}">切换为闭席</button>{{/isOpen}}
              {{^isOpen}}<input type="hidden" name="state" value="open"><button type="submit" id="open-{{line}}">恢复服务</button>{{/isOpen}}
            </form></td></tr>
          {{/lines}}
          </tbody>
        </table>
        <h2>进行中的通话</h2>
        <table><thead><tr><th>通话</th><th>来电号码</th><th>当前节点</th><th>时长</th></tr></thead>
        <tbody id="calls-body">{{#calls}}<tr><td>{{call}}</td><td>{{caller}}</td><td>{{node}}</td><td>{{seconds}}</td></tr>{{/calls}}</tbody></table>
        <p class="empty" id="calls-empty"{{#hasCalls}} hidden{{/hasCalls}}>当前没有进行中的通话。</p>
        <p class="hint">闭席期间：来电先听闭席提示，仅提供自助查询和语音留言。切换在下一通来电生效。</p>
        {{> foot}}
        """

    static let reports = """
        {{> head}}
        <h1>服务报表</h1>
        <form class="filters" method="get" action="/reports">
          <label>开始日期<input type="date" name="from" value="{{from}}"></label>
          <label>结束日期<input type="date" name="to" value="{{to}}"></label>
          <button type="submit">统计</button>
          <a href="/reports/report.html?from={{from}}&amp;to={{to}}" target="_blank">完整报表（与 ivr report 相同的 HTML 文件）</a>
        </form>
        <p class="hint">{{period}}</p>
        <div class="figures">
          <div class="card"><strong>{{calls}}</strong><span>来电总量</span></div>
          <div class="card"><strong>{{containedShare}}</strong><span>自助服务完成（{{contained}} 通）</span></div>
          <div class="card"><strong>{{agentRequests}}</strong><span>转人工请求</span></div>
          <div class="card"><strong>{{satisfied}}</strong><span>满意（{{rated}} 人评价）</span></div>
          <div class="card"><strong>{{qaMean}}</strong><span>质检平均分（{{qaScored}} 通）</span></div>
        </div>
        <h2>每日来电量（深色为工作日）</h2>
        <div class="chart"><canvas id="chart-days" aria-label="每日来电量"></canvas></div>
        <h2>各时段来电量</h2>
        <div class="chart"><canvas id="chart-hours" aria-label="各时段来电量"></canvas></div>
        <h2>咨询主题</h2>
        <div class="chart"><canvas id="chart-topics" aria-label="咨询主题"></canvas></div>
        <h2>满意度</h2>
        <table class="summary"><thead><tr><th>满意</th><th>基本满意</th><th>不满意</th><th>未评价</th></tr></thead>
        <tbody><tr><td>{{satisfied}}</td><td>{{basically}}</td><td>{{dissatisfied}}</td><td>{{unrated}}</td></tr></tbody></table>
        <h2>工单（按工作日计）</h2>
        <table><thead><tr><th>类别</th><th>受理</th><th>按期答复</th><th>逾期答复</th><th>当前逾期</th><th>答复用时中位数（工作日）</th></tr></thead>
        <tbody>{{#tickets}}<tr><td>{{kind}}</td><td>{{opened}}</td><td>{{onTime}}</td><td>{{late}}</td><td>{{overdue}}</td><td>{{median}}</td></tr>{{/tickets}}</tbody></table>
        <script type="application/json" id="report-data">{{{chartJSON}}}</script>
        {{> foot}}
        """

    static let qa = """
        {{> head}}
        <h1>质检抽样</h1>
        <form method="post" action="/qa/sample" class="filters card">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <label>开始日期<input type="date" name="from" value="{{from}}" required></label>
          <label>结束日期<input type="date" name="to" value="{{to}}" required></label>
          <label>数量<input type="number" name="n" value="10" min="1" max="200" required></label>
          <label>随机种子（可选）<input name="seed" inputmode="numeric" maxlength="20"></label>
          <button type="submit">抽取样本</button>
        </form>
        <p class="hint">按咨询主题分层随机抽取；近 30 天已抽过的通话不再抽取。评分 1–5 分，评分与评语计入服务报表。</p>
        <h2>近 30 天的样本</h2>
        {{#hasRows}}
        <table class="qa"><thead><tr><th>通话</th><th>主题</th><th>时间</th><th>来电号码</th><th>录音</th><th>当前评分</th><th>评分</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr><td><code>{{call}}</code></td><td>{{topic}}</td><td>{{start}}（{{seconds}}）</td><td>{{caller}}</td>
          <td>{{#recording}}<audio controls preload="none" src="/calls/{{call}}/recording"></audio>{{/recording}}{{^recording}}无录音{{/recording}}</td>
          <td>{{score}}</td>
          <td><form method="post" action="/qa/{{call}}/score" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <select name="score">{{#scores}}<option value="{{value}}"{{#checked}} selected{{/checked}}>{{value}} 分</option>{{/scores}}</select>
            <input name="note" placeholder="评语" maxlength="500">
            <button type="submit" class="small">保存</button>
          </form></td></tr>
        {{/rows}}
        </tbody></table>
        {{/hasRows}}
        {{^hasRows}}<p class="empty">近 30 天没有抽样。</p>{{/hasRows}}
        {{> foot}}
        """
}
