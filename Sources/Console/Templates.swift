/// The Mustache templates of the console's pages (server-rendered HTML; `{{x}}` is HTML-escaped).
/// They are compiled into the binary so that `ivr console` needs no resource folder at run time.
enum Templates {
    static let all: [String: String] = [
        "head": head, "foot": foot, "login": login, "queue": queue, "ticket": ticket, "prompts": prompts,
        "accounts": accounts, "listens": listens, "unavailable": unavailable,
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
}
