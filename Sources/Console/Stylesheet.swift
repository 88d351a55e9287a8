/// The console's one stylesheet: calm colours, readable Chinese type, a layout for laptop and tablet widths.
enum Stylesheet {
    static let css = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --bg: #f5f7fa; --card: #fff; --accent: #2f6f9f;
                --late: #b42318; --soon: #b54708; --ok: #027a48; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink);
               font: 16px/1.6 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1.5rem;
                     background: #fff; border-bottom: 1px solid var(--line); }
        .brand strong { font-size: 1.1rem; } .brand .sub { margin-left: .5rem; color: var(--muted); }
        .today { color: var(--muted); }
        nav { display: flex; gap: .25rem; flex-wrap: wrap; flex: 1; }
        nav a { padding: .3rem .75rem; border-radius: 6px; color: var(--ink); text-decoration: none; }
        nav a.current, nav a:hover { background: #e6eef5; color: var(--accent); }
        form.who { display: flex; align-items: center; gap: .5rem; color: var(--muted); margin: 0; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.25rem 0 .5rem; }
        .count { color: var(--muted); font-weight: normal; font-size: .95rem; }
        table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
        th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: #f0f4f8; font-weight: 600; font-size: .92rem; }
        tr.late td:nth-child(6) { color: var(--late); font-weight: 600; }
        tr.today td:nth-child(6) { color: var(--soon); font-weight: 600; }
        td.late { color: var(--late); font-weight: 600; }
        table.summary { max-width: 560px; margin-bottom: 1rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
        .narrow { max-width: 420px; margin-left: auto; margin-right: auto; }
        label { display: block; margin: .5rem 0; color: var(--muted); font-size: .95rem; }
        input, select, textarea { display: block; width: 100%; margin-top: .25rem; padding: .5rem .6rem; font: inherit;
                                  color: var(--ink); border: 1px solid #bcccdc; border-radius: 6px; background: #fff; }
        form.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; margin-bottom: 1rem; }
        form.filters label { margin: 0; min-width: 12rem; }
        button { font: inherit; padding: .5rem 1.1rem; border-radius: 6px; border: 1px solid var(--accent);
                 background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button.small { padding: .2rem .6rem; font-size: .9rem; }
        button.link { border: none; background: none; color: var(--accent); padding: 0; }
        .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 1rem; }
        .actions .card { margin: 0; }
        dl.facts { display: grid; grid-template-columns: 8rem 1fr; gap: .35rem 1rem; background: var(--card);
                   border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
        audio { width: 100%; max-width: 480px; }
        table.prompts audio { width: 220px; height: 36px; }
        td.text { max-width: 22rem; font-size: .92rem; }
        td.manage form { display: flex; gap: .3rem; margin: 0 0 .3rem; } td.manage input[type=file] { font-size: .8rem; padding: .2rem; }
        .badge { font-size: .85rem; padding: .1rem .6rem; border-radius: 999px; vertical-align: middle; background: #e6eef5; }
        .badge.open { color: var(--soon); } .badge.answered, .badge.closed { color: var(--ok); }
        .flash { background: #ecfdf3; border: 1px solid #abefc6; color: var(--ok); padding: .6rem 1rem; border-radius: 6px; }
        .error { background: #fef3f2; border: 1px solid #fecdca; color: var(--late); padding: .6rem 1rem; border-radius: 6px; }
        .hint, .empty { color: var(--muted); font-size: .92rem; }
        code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: .9em; }
        footer { text-align: center; color: var(--muted); padding: 1rem; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: .75rem; }
        .figures .card { margin: 0; } .figures strong { display: block; font-size: 1.6rem; color: var(--accent); }
        .figures span { color: var(--muted); font-size: .9rem; }
        .chart { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .75rem; max-height: 340px; }
        form.inline { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: 0; }
        form.inline input, form.inline select { display: inline-block; width: auto; margin: 0; }
        .state { padding: .1rem .6rem; border-radius: 999px; background: #e6eef5; }
        .state.open { color: var(--ok); } .state.closed { color: var(--soon); } .state.stopped { color: var(--late); }
        @media (max-width: 820px) {
          main { padding: 1rem; } table.queue th:nth-child(4), table.queue td:nth-child(4) { display: none; }
          dl.facts { grid-template-columns: 6rem 1fr; }
        }
        """
}
