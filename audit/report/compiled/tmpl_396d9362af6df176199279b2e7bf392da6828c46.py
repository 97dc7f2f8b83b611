from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_v = resolve('v')
    l_0_csp = resolve('csp')
    l_0_css = resolve('css')
    l_0_ch = resolve('ch')
    l_0_people_rows = resolve('people_rows')
    l_0_js = resolve('js')
    l_0_m = l_0_h = l_0_s = l_0_needs_messages = l_0_c = l_0_q = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_4 = environment.filters['pct']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'pct' found.")
    try:
        t_5 = environment.filters['signed']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'signed' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_m = context.vars['m'] = environment.get_template('macros.html.j2', 'report.html.j2')._get_default_module(context)
    context.exported_vars.discard('m')
    l_0_h = environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'headline')
    context.vars['h'] = l_0_h
    context.exported_vars.add('h')
    l_0_s = environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'settings')
    context.vars['s'] = l_0_s
    context.exported_vars.add('s')
    l_0_needs_messages = 'Not known: this needs messages.csv, which this export does not have.'
    context.vars['needs_messages'] = l_0_needs_messages
    context.exported_vars.add('needs_messages')
    yield '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n<meta name="color-scheme" content="light dark">\n<link rel="icon" href="data:,">\n<title>'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages'):
        pass
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'reachable')))
        yield ' of '
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
        yield ' connections reachable'
    else:
        pass
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
        yield ' connections'
    yield ' · reachable · '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of'))
    yield '</title>\n<style>'
    yield escape((undefined(name='css') if l_0_css is missing else l_0_css))
    yield '</style>\n</head>\n<body>\n<a class="skip" href="#people">Skip to the people table</a>\n<header class="top">\n<div class="wrap">\n<p class="eyebrow">Network audit'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'name'):
        pass
        yield ' of '
        yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'name'))
    yield ' · as of <time datetime="'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of'))
    yield '">'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of'))
    yield '</time></p>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages'):
        pass
        yield '<h1><span class="big">'
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'reachable')))
        yield '</span> of '
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
        yield ' connections are reachable</h1>\n<p class="lede">Reachable means you and they have both written to each other (on one channel: LinkedIn, e-mail or another you gave), or met, in the last '
        yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'window_days')))
        yield ' days: the people you could ask for something without awkwardness. That is '
        yield escape(t_4(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'share')))
        yield ' of your connections'
        if environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'active'):
            pass
            yield '; '
            yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'active')))
            yield ' of them wrote with you in the last '
            yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'active_days')))
            yield ' days'
        yield '.</p>\n'
    else:
        pass
        yield '<h1>'
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
        yield ' connections: interaction data is missing</h1>\n<div class="notice" role="note">\n<p><strong>This export has no messages.csv, so the audit cannot tell who is reachable.</strong> It does not mean that nobody is: the tiers below count everyone as silent only because there were no messages to read.</p>\n<p>messages.csv is only in the <em>Complete</em> archive. Ask LinkedIn for a copy of your data (Settings &amp; Privacy → Data privacy → Get a copy of your data); it emails the Complete archive within 24 hours. Then run the audit again on that archive.</p>\n</div>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'redacted'):
        pass
        yield '<p class="notice" role="note">Redacted copy: names are pseudonyms, and emails, phones, profile links, companies and positions are left out. Counts and charts are unchanged.</p>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages'):
        pass
        yield '<ul class="tiles">\n<li><span class="tile-n">'
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'reachable')))
        yield '</span> reachable</li>\n<li><span class="tile-n">'
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'active')))
        yield '</span> active</li>\n<li><span class="tile-n">'
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'reconnect'), 'total')))
        yield '</span> cooling, worth a follow-up</li>\n<li><span class="tile-n">'
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owed'), 'total')))
        yield '</span> '
        yield escape(('reply' if (environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owed'), 'total') == 1) else 'replies'))
        yield ' owed</li>\n</ul>\n'
    yield '<dl class="facts">\n<dt>As of</dt><dd><time datetime="'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of'))
    yield '">'
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of'))
    yield '</time>, from '
    yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of_source_text'))
    yield '</dd>\n<dt>Settings</dt><dd>active: two-way within '
    yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'active_days')))
    yield ' days · reachable: two-way within '
    yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'window_days')))
    yield ' days · threads of more than '
    yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'max_group')))
    yield ' people (you included) do not count</dd>\n<dt>You</dt><dd>'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'name'):
        pass
        yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'name'))
        yield ', '
    if (environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'how') == 'detected'):
        pass
        yield 'found from your messages'
    elif (environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'how') == '--me'):
        pass
        yield 'as given with --me'
    else:
        pass
        yield 'not found in the export'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'emails_from'):
        pass
        yield '; your e-mail '
        yield escape(('address' if (t_2(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'emails')) == 1) else 'addresses'))
        if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'emails'):
            pass
            yield ' '
            yield escape(t_1(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'emails'), ', '))
        yield ' from '
        yield escape(t_1(context.eval_ctx, environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owner'), 'emails_from'), ', '))
    yield '</dd>\n'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'inputs'):
        pass
        yield '<dt>Read</dt><dd>'
        l_1_loop = missing
        for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'inputs'), undefined):
            _loop_vars = {}
            pass
            yield escape(environment.getattr(l_1_i, 'path'))
            yield ' ('
            yield escape(environment.getattr(l_1_i, 'kind'))
            yield ')'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield '; '
        l_1_loop = l_1_i = missing
        yield '</dd>\n'
    yield '<dt>People</dt><dd>'
    yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'people')))
    yield ' in all: '
    yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
    yield ' connections and '
    yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'others')))
    yield ' others from your address books and messages</dd>\n</dl>\n</div>\n</header>\n<nav class="toc" aria-label="Sections">\n<div class="wrap">\n<ol>\n<li><a href="#funnel">Funnel</a></li>\n<li><a href="#tiers">Tiers</a></li>\n<li><a href="#reconnect">Reconnect</a></li>\n<li><a href="#owed">Replies owed</a></li>\n'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'channels'), 'rows'):
        pass
        yield '<li><a href="#channels">Channels</a></li>'
    yield '<li><a href="#years">Quantity and quality</a></li>\n<li><a href="#gives">Give and take</a></li>\n<li><a href="#context">In context</a></li>\n<li><a href="#changes">Changes</a></li>\n<li><a href="#quality">Data quality</a></li>\n<li><a href="#people">Everyone</a></li>\n</ol>\n</div>\n</nav>\n<main class="wrap">\n\n<section id="funnel" aria-labelledby="funnel-h">\n<h2 id="funnel-h">From records to relationships</h2>\n<p>Each step keeps the part of the one above it that passes one more test.</p>\n'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bar_table'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'funnel'), 'From records read to active relationships', 'Count'))
    yield '\n</section>\n\n<section id="tiers" aria-labelledby="tiers-h">\n<h2 id="tiers-h">Tiers</h2>\n<p>Every connection falls in exactly one tier: the first of these that holds.'
    if (not environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages')):
        pass
        yield ' Without messages every connection is silent here.'
    yield '</p>\n<div class="chart-wrap">'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'tier_stack'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'tiers'), environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
    yield '</div>\n<div class="table-wrap">\n<table class="tiers">\n<caption class="sr-only">Connections per tier</caption>\n<thead><tr><th scope="col">Tier</th><th scope="col">What it means</th><th scope="col" class="n">Connections</th><th scope="col" class="n">Share</th></tr></thead>\n<tbody>\n'
    for l_1_t in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'tiers'):
        _loop_vars = {}
        pass
        yield '<tr><th scope="row"><span class="dot f-'
        yield escape(environment.getattr(l_1_t, 'tier'))
        yield '" aria-hidden="true"></span>'
        yield escape(environment.getattr(l_1_t, 'label'))
        yield '</th><td>'
        yield escape(environment.getattr(l_1_t, 'meaning'))
        yield '</td><td class="n">'
        yield escape(t_3(environment.getattr(l_1_t, 'count')))
        yield '</td><td class="n">'
        yield escape(t_4(environment.getattr(l_1_t, 'share')))
        yield '</td></tr>\n'
    l_1_t = missing
    yield '</tbody>\n</table>\n</div>\n</section>\n\n<section id="reconnect" aria-labelledby="reconnect-h">\n<h2 id="reconnect-h">Reconnect: ties that are cooling</h2>\n<p>People you have had a real two-way exchange with, last between '
    yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'reconnect'), 'oldest'))
    yield ' and '
    yield escape(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'reconnect'), 'newest'))
    yield ' (half a window to two windows ago), the longest conversations first. Follow-up is the hard part of a network: a short note now is easier than one in a year.</p>\n'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'people_list'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'reconnect'), 'last_two_way', 'Last two-way', ('No two-way tie is cooling right now.' if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages') else (undefined(name='needs_messages') if l_0_needs_messages is missing else l_0_needs_messages))))
    yield '\n</section>\n\n<section id="owed" aria-labelledby="owed-h">\n<h2 id="owed-h">Replies owed and unanswered outreach</h2>\n<h3>Replies you owe</h3>\n<p>Connections who wrote to you and never had an answer, the most recent first.</p>\n'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'people_list'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'owed'), 'last_in', 'Their last message', ('No connection is waiting for your reply.' if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages') else (undefined(name='needs_messages') if l_0_needs_messages is missing else l_0_needs_messages))))
    yield '\n<h3>Waiting for an answer</h3>\n<p>People you wrote to who never answered, the most recent first. The ball is in their court; a second, short note often gets the reply the first did not.</p>\n'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'people_list'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'outreach'), 'last_out', 'Your last message', ('Nobody you wrote to has left you without an answer.' if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages') else (undefined(name='needs_messages') if l_0_needs_messages is missing else l_0_needs_messages))))
    yield '\n</section>\n\n'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'channels'), 'rows'):
        pass
        l_0_ch = environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'channels')
        context.vars['ch'] = l_0_ch
        context.exported_vars.add('ch')
        yield '<section id="channels" aria-labelledby="channels-h">\n<h2 id="channels-h">Where you talk</h2>\n<p>Every channel the audit read, what it counted, and how many people you had a two-way exchange with there in the last '
        yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'window_days')))
        yield ' days. The tiers take every channel together; a message answered on another channel is a message each way, not a two-way exchange.</p>\n<div class="table-wrap">\n<table>\n<caption class="sr-only">Interactions and reachable people per channel</caption>\n<thead><tr><th scope="col">Channel</th><th scope="col" class="n">Counted</th><th scope="col" class="n">People two-way</th><th scope="col" class="n">… of them connections</th><th scope="col" class="n">… through this channel alone</th></tr></thead>\n<tbody>\n'
        for l_1_r in environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr><th scope="row">'
            yield escape(environment.getattr(l_1_r, 'label'))
            yield '</th><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'counted')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'people')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'connections')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'alone')))
            yield '</td></tr>\n'
        l_1_r = missing
        yield '</tbody>\n</table>\n</div>\n<h3>People you talk with who are not connections</h3>\n<p>A two-way exchange in the last '
        yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'window_days')))
        yield ' days, and no LinkedIn connection: worth connecting.</p>\n'
        yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'people_list'), environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'not_connected'), 'last_two_way', 'Last two-way', 'Everyone you talk with is a connection.'))
        yield '\n'
        if environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'met_only'), 'total'):
            pass
            yield '<h3>People you meet but never write to</h3>\n<div class="table-wrap">\n<table class="list">\n<thead><tr><th scope="col">Name</th><th scope="col">Last meeting</th><th scope="col">Tier</th></tr></thead>\n<tbody>\n'
            for l_1_p in environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'met_only'), 'rows'):
                _loop_vars = {}
                pass
                yield '<tr><td>'
                yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'person_name'), l_1_p, _loop_vars=_loop_vars))
                yield '</td><td>'
                yield escape((environment.getattr(l_1_p, 'last_meeting') or ''))
                yield '</td><td><span class="dot f-'
                yield escape(environment.getattr(l_1_p, 'tier'))
                yield '" aria-hidden="true"></span>'
                yield escape(environment.getattr(l_1_p, 'tier_label'))
                yield '</td></tr>\n'
            l_1_p = missing
            yield '</tbody>\n</table>\n</div>\n'
            if environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'met_only'), 'more'):
                pass
                yield '<p class="muted">… and '
                yield escape(t_3(environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'met_only'), 'more')))
                yield ' more.</p>'
        if environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'one_way_addresses'):
            pass
            yield '<p class="muted">'
            yield escape(t_3(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'one_way_addresses')))
            yield ' '
            yield escape(('address' if (environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'one_way_addresses') == 1) else 'addresses'))
            yield ' only wrote to you or only heard from you, and matched nobody in your connections or address books: they are not counted as people.</p>\n'
        if environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'name_joins'), 'total'):
            pass
            yield '<h3>Matched by name only</h3>\n<p>These addresses (or names given alone) are in none of your records; each was given to the one person whose name is the sender\'s display name. If one is wrong, add a <code>different</code> line for it to overrides.csv.</p>\n<ul class="plain">\n'
            for l_1_j in environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'name_joins'), 'rows'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(environment.getattr(l_1_j, 'name'))
                if environment.getattr(l_1_j, 'address'):
                    pass
                    yield ' ('
                    yield escape(environment.getattr(l_1_j, 'address'))
                    yield ')'
                yield '</li>\n'
            l_1_j = missing
            yield '</ul>\n'
            if environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'name_joins'), 'more'):
                pass
                yield '<p class="muted">… and '
                yield escape(t_3(environment.getattr(environment.getattr((undefined(name='ch') if l_0_ch is missing else l_0_ch), 'name_joins'), 'more')))
                yield ' more.</p>'
        yield '</section>\n'
    yield '\n<section id="years" aria-labelledby="years-h">\n<h2 id="years-h">Quantity and quality</h2>\n'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), 'rows'):
        pass
        yield '<p>Bars: connections you added each year.'
        if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages'):
            pass
            yield " Dots: the share of that year's connections that is reachable today."
        else:
            pass
            yield ' The share reachable today needs messages.csv.'
        yield '</p>\n<div class="chart-wrap">'
        yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'year_chart'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages')))
        yield '</div>\n<p class="legend" aria-hidden="true"><span><span class="swatch f-bar"></span>connections added</span>'
        if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'has_messages'):
            pass
            yield ' <span><span class="swatch f-line round"></span>share reachable today</span>'
        yield '</p>\n<details>\n<summary>The figures</summary>\n<div class="table-wrap">\n<table>\n<thead><tr><th scope="col">Year</th><th scope="col" class="n">Connections added</th><th scope="col" class="n">Reachable today</th><th scope="col" class="n">Share</th></tr></thead>\n<tbody>\n'
        for l_1_r in environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr><th scope="row">'
            yield escape(environment.getattr(l_1_r, 'year'))
            yield '</th><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'connections')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'reachable')))
            yield '</td><td class="n">'
            yield escape((t_4(environment.getattr(l_1_r, 'share')) if (not t_6(environment.getattr(l_1_r, 'share'))) else '–'))
            yield '</td></tr>\n'
        l_1_r = missing
        yield '</tbody>\n</table>\n</div>\n</details>\n'
    else:
        pass
        yield '<p class="empty">No connection has a connection date, so there is nothing to chart.</p>\n'
    if environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), 'unknown'):
        pass
        yield '<p class="muted">'
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), 'unknown')))
        yield ' '
        yield escape(('connection has' if (environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), 'unknown') == 1) else 'connections have'))
        yield ' no connection date and '
        yield escape(('is' if (environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'years'), 'unknown') == 1) else 'are'))
        yield ' not in the chart.</p>\n'
    yield '</section>\n\n<section id="gives" aria-labelledby="gives-h">\n<h2 id="gives-h">Give and take</h2>\n<p>Ties are built by helping people. You have given '
    yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'given')))
    yield ' recommendations and endorsements and received '
    yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'received')))
    yield '.</p>\n'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bar_table'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'bars'), 'Recommendations and endorsements, given and received', 'Count'))
    yield '\n'
    if environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'people'), 'rows'):
        pass
        yield '<h3>With whom</h3>\n<div class="table-wrap">\n<table class="list">\n<thead><tr><th scope="col">Name</th><th scope="col" class="n">You gave</th><th scope="col" class="n">You received</th><th scope="col">Tier</th></tr></thead>\n<tbody>\n'
        for l_1_p in environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'people'), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape((environment.getattr(l_1_p, 'name') or environment.getattr(l_1_p, 'id')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_p, 'given')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_p, 'received')))
            yield '</td><td>'
            if environment.getattr(l_1_p, 'tier'):
                pass
                yield '<span class="dot f-'
                yield escape(environment.getattr(l_1_p, 'tier'))
                yield '" aria-hidden="true"></span>'
                yield escape(environment.getattr(l_1_p, 'tier_label'))
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</tbody>\n</table>\n</div>\n'
        if environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'people'), 'more'):
            pass
            yield '<p class="muted">… and '
            yield escape(t_3(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'gives'), 'people'), 'more')))
            yield ' more.</p>'
    yield '</section>\n\n<section id="context" aria-labelledby="context-h">\n<h2 id="context-h">Your numbers in context</h2>\n<p>Published figures for how many relationships people keep up, beside yours. They describe different kinds of ties and are not targets. Weak ties are shown here, not judged: the people you rarely talk to are often the ones who bring news from outside your circle.</p>\n'
    yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'bar_table'), environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'bars'), 'Your active and reachable ties beside published figures', 'People'))
    yield "\n<p>At the rate Facebook's data team found in 2009, your "
    yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'connections')))
    yield ' connections would mean about '
    yield escape(t_3(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'marlow_scaled'), 'men')))
    yield ' (men) to '
    yield escape(t_3(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'marlow_scaled'), 'women')))
    yield ' (women) people you write to both ways; you have '
    yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'reachable')))
    yield ' within '
    yield escape(t_3(environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'window_days')))
    yield ' days.</p>\n<ul class="sources">\n<li>Dunbar\'s layers: about '
    l_1_loop = missing
    for l_1_d, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'dunbar'), undefined):
        _loop_vars = {}
        pass
        yield escape(environment.getattr(l_1_d, 'size'))
        yield ' ('
        yield escape(environment.getattr(l_1_d, 'name'))
        yield ': '
        yield escape(environment.getattr(l_1_d, 'meaning'))
        yield ')'
        if (environment.getattr(l_1_loop, 'revindex') == 2):
            pass
            yield ' and '
        elif (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
    l_1_loop = l_1_d = missing
    yield ". Sources: R. I. M. Dunbar (1992), “Neocortex size as a constraint on group size in primates”, <cite>Journal of Human Evolution</cite>; R. I. M. Dunbar (1998), “The social brain hypothesis”, <cite>Evolutionary Anthropology</cite>; W.-X. Zhou, D. Sornette, R. A. Hill and R. I. M. Dunbar (2005), “Discrete hierarchical organization of social group sizes”, <cite>Proceedings of the Royal Society B</cite>.</li>\n<li>Facebook's data team (Cameron Marlow) found that people with "
    yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'marlow'), 'friends'))
    yield ' friends had two-way communication with about '
    yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'marlow'), 'men'))
    yield ' of them (men) or '
    yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'context'), 'marlow'), 'women'))
    yield ' (women). Source: “Primates on Facebook”, <cite>The Economist</cite>, 2009.</li>\n</ul>\n</section>\n\n<section id="changes" aria-labelledby="changes-h">\n<h2 id="changes-h">Since the previous audit</h2>\n'
    l_0_c = environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'changes')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'previous'):
        pass
        yield '<p>Compared with the audit as of <time datetime="'
        yield escape(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'previous'), 'as_of'))
        yield '">'
        yield escape(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'previous'), 'as_of'))
        yield '</time>: '
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'previous'), 'reachable')))
        yield ' of '
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'previous'), 'connections')))
        yield ' connections were reachable then, '
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'reachable')))
        yield ' of '
        yield escape(t_3(environment.getattr((undefined(name='h') if l_0_h is missing else l_0_h), 'connections')))
        yield ' now.</p>\n'
        if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'counts'):
            pass
            yield '<ul class="tiles small">\n<li><span class="tile-n">'
            yield escape(t_3(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'counts'), 'new_connections')))
            yield '</span> new connections</li>\n<li><span class="tile-n">'
            yield escape(t_3(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'counts'), 'removed_connections')))
            yield '</span> removed</li>\n<li><span class="tile-n">'
            yield escape(t_3(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'counts'), 'warmed')))
            yield '</span> warmed</li>\n<li><span class="tile-n">'
            yield escape(t_3(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'counts'), 'cooled')))
            yield '</span> cooled</li>\n</ul>\n'
        yield '<div class="table-wrap">\n<table>\n<caption class="sr-only">Connections per tier, then and now</caption>\n<thead><tr><th scope="col">Tier</th><th scope="col" class="n">'
        yield escape(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'previous'), 'as_of'))
        yield '</th><th scope="col" class="n">'
        yield escape(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'as_of'))
        yield '</th><th scope="col" class="n">Change</th></tr></thead>\n<tbody>\n'
        for l_1_t in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'tiers'):
            _loop_vars = {}
            pass
            yield '<tr><th scope="row"><span class="dot f-'
            yield escape(environment.getattr(l_1_t, 'tier'))
            yield '" aria-hidden="true"></span>'
            yield escape(environment.getattr(l_1_t, 'label'))
            yield '</th><td class="n">'
            yield escape(t_3(environment.getattr(l_1_t, 'before')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_t, 'now')))
            yield '</td><td class="n">'
            yield escape(t_5(environment.getattr(l_1_t, 'delta')))
            yield '</td></tr>\n'
        l_1_t = missing
        yield '</tbody>\n</table>\n</div>\n'
        def t_7(fiter):
            for l_1_group in fiter:
                if environment.getattr(l_1_group, 'rows'):
                    yield l_1_group
        for l_1_group in t_7(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'people')):
            _loop_vars = {}
            pass
            yield '<h3>'
            yield escape(environment.getattr(l_1_group, 'label'))
            yield ' ('
            yield escape(t_3(environment.getattr(l_1_group, 'total')))
            yield ')</h3>\n<ul class="names">\n'
            for l_2_name in environment.getattr(l_1_group, 'rows'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(l_2_name)
                yield '</li>\n'
            l_2_name = missing
            yield '</ul>\n'
            if environment.getattr(l_1_group, 'more'):
                pass
                yield '<p class="muted">… and '
                yield escape(t_3(environment.getattr(l_1_group, 'more')))
                yield ' more.</p>'
        l_1_group = missing
    else:
        pass
        yield '<p class="empty">This is the first audit in the history, so there is nothing to compare with yet. Run it again next month (or schedule it with <code>reachable schedule install</code>) to see ties warm and cool.</p>\n'
    if (t_2(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'trend')) > 1):
        pass
        yield '<h3>Over time</h3>\n<div class="chart-wrap">'
        yield escape(context.call(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'trend_chart'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'trend'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'trend_reachable_max')))
        yield '</div>\n<details>\n<summary>The figures</summary>\n<div class="table-wrap">\n<table>\n<thead><tr><th scope="col">As of</th><th scope="col" class="n">Connections</th><th scope="col" class="n">Reachable</th></tr></thead>\n<tbody>\n'
        for l_1_t in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'trend'):
            _loop_vars = {}
            pass
            yield '<tr><th scope="row">'
            yield escape(environment.getattr(l_1_t, 'as_of'))
            yield '</th><td class="n">'
            yield escape(t_3(environment.getattr(l_1_t, 'connections')))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_t, 'reachable')))
            yield '</td></tr>\n'
        l_1_t = missing
        yield '</tbody>\n</table>\n</div>\n</details>\n'
    yield '</section>\n\n<section id="quality" aria-labelledby="quality-h">\n<h2 id="quality-h">Duplicates and data quality</h2>\n<h3>Duplicates merged</h3>\n'
    if environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'merged'), 'rows'):
        pass
        yield '<p>'
        yield escape(t_3(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'merged'), 'total')))
        yield ' '
        yield escape(('person was' if (environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'merged'), 'total') == 1) else 'people were'))
        yield ' made of more than one record ('
        yield escape(t_3(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'records_merged')))
        yield ' records in all).</p>\n<div class="table-wrap">\n<table class="list">\n<thead><tr><th scope="col">Name</th><th scope="col" class="n">Records</th><th scope="col">Why they were merged</th></tr></thead>\n<tbody>\n'
        for l_1_mg in environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'merged'), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_mg, 'name'))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_mg, 'records')))
            yield '</td><td>'
            yield escape(t_1(context.eval_ctx, environment.getattr(l_1_mg, 'reasons'), ', '))
            yield '</td></tr>\n'
        l_1_mg = missing
        yield '</tbody>\n</table>\n</div>\n'
        if environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'merged'), 'more'):
            pass
            yield '<p class="muted">… and '
            yield escape(t_3(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'merged'), 'more')))
            yield " more: every person's records are in the JSON file.</p>"
    else:
        pass
        yield '<p class="empty">No two records were found to be the same person.</p>\n'
    yield '<h3>Possible duplicates, not merged</h3>\n'
    if environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'possible'), 'rows'):
        pass
        yield '<p>Close calls the audit did not merge, for you to check.</p>\n<div class="table-wrap">\n<table class="list">\n<thead><tr><th scope="col">One</th><th scope="col">The other</th><th scope="col" class="n">Similarity</th><th scope="col">Why not merged</th></tr></thead>\n<tbody>\n'
        for l_1_d in environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'possible'), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_d, 'a_name'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'b_name'))
            yield '</td><td class="n">'
            yield escape(t_4(environment.getattr(l_1_d, 'score')))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'why'))
            yield '</td></tr>\n'
        l_1_d = missing
        yield '</tbody>\n</table>\n</div>\n'
        if environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'possible'), 'more'):
            pass
            yield '<p class="muted">… and '
            yield escape(t_3(environment.getattr(environment.getattr(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'merges'), 'possible'), 'more')))
            yield ' more.</p>'
    else:
        pass
        yield '<p class="empty">No close calls.</p>\n'
    yield '<h3>Skipped records</h3>\n'
    l_0_q = environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'quality')
    context.vars['q'] = l_0_q
    context.exported_vars.add('q')
    if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped'):
        pass
        yield '<p>'
        yield escape(t_3(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped_total')))
        yield ' '
        yield escape(('record or file was' if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped_total') == 1) else 'records or files were'))
        yield ' skipped; each is listed with its file and record number in the JSON file.'
        if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unnamed_connections'):
            pass
            yield ' '
            yield escape(t_3(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unnamed_connections')))
            yield ' of them '
            yield escape(('is a connection' if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'unnamed_connections') == 1) else 'are connections'))
            yield ' with no name and no profile link (members who left LinkedIn or are restricted): they are not counted as connections.'
        yield '</p>\n<div class="table-wrap">\n<table>\n<thead><tr><th scope="col">Reason</th><th scope="col" class="n">Count</th><th scope="col">Files</th></tr></thead>\n<tbody>\n'
        for l_1_r in environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'skipped'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_r, 'reason'))
            yield '</td><td class="n">'
            yield escape(t_3(environment.getattr(l_1_r, 'count')))
            yield '</td><td>'
            yield escape(t_1(context.eval_ctx, environment.getattr(l_1_r, 'files'), ', '))
            if environment.getattr(l_1_r, 'more_files'):
                pass
                yield ' and '
                yield escape(t_3(environment.getattr(l_1_r, 'more_files')))
                yield ' more'
            yield '</td></tr>\n'
        l_1_r = missing
        yield '</tbody>\n</table>\n</div>\n'
    else:
        pass
        yield '<p class="empty">Nothing was skipped: every record could be read.</p>\n'
    yield '<h3>Ignored by rule</h3>\n'
    if ((environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_rows_total') or environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_files')) or environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'shared_names')):
        pass
        yield '<ul class="plain">\n'
        def t_8(fiter):
            for l_1_r in fiter:
                if environment.getattr(l_1_r, 'count'):
                    yield l_1_r
        for l_1_r in t_8(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_rows')):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(t_3(environment.getattr(l_1_r, 'count')))
            yield ' '
            yield escape(environment.getattr(l_1_r, 'unit'))
            yield ': '
            yield escape(environment.getattr(l_1_r, 'kind'))
            yield '</li>\n'
        l_1_r = missing
        if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_files'):
            pass
            yield '<li>'
            yield escape(t_3(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_files')))
            yield ' '
            yield escape(('file' if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_files') == 1) else 'files'))
            yield ' of no kind the audit reads: '
            yield escape(t_1(context.eval_ctx, environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'ignored_file_names'), ', '))
            yield '</li>\n'
        if environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'shared_names'):
            pass
            yield '<li>'
            yield escape(t_3(environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'shared_names')))
            yield ' '
            yield escape(('name' if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'shared_names') == 1) else 'names'))
            yield ' in messages, invitations or endorsements without a profile link '
            yield escape(('belongs' if (environment.getattr((undefined(name='q') if l_0_q is missing else l_0_q), 'shared_names') == 1) else 'belong'))
            yield ' to more than one connection: joined to none of them.</li>\n'
        yield '</ul>\n'
    else:
        pass
        yield '<p class="empty">Nothing was ignored.</p>\n'
    yield '</section>\n\n<section id="people" aria-labelledby="people-h">\n<h2 id="people-h">Everyone ('
    yield escape(t_3(t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people'))))
    yield ')</h2>\n<p>Every person the audit found, connection or not, sorted by tier and then by the most recent exchange.'
    if (not environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people_links')):
        pass
        yield ' Profile links are left out of this long table so that it opens fast; they are in the CSV and JSON files.'
    yield '</p>\n<div class="tools" id="people-tools" hidden>\n<label for="people-filter">Filter</label>\n<input type="search" id="people-filter" autocomplete="off" spellcheck="false" placeholder="name, company, tier…">\n<label for="people-tier">Tier</label>\n<select id="people-tier"><option value="">All tiers</option>'
    for l_1_t in environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'tiers'):
        _loop_vars = {}
        pass
        yield '<option value="'
        yield escape(environment.getattr(l_1_t, 'tier'))
        yield '">'
        yield escape(environment.getattr(l_1_t, 'label'))
        yield '</option>'
    l_1_t = missing
    yield '</select>\n<p id="people-status" class="muted" role="status" aria-live="polite"></p>\n</div><details id="people-details"'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people_open'):
        pass
        yield ' open'
    yield '>\n<summary>Table of everyone ('
    yield escape(t_3(t_2(environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people'))))
    yield ' people)</summary>\n<div class="table-wrap" role="region" aria-labelledby="people-h" tabindex="0">\n<table id="people-table" class="people">\n<thead><tr><th scope="col" data-sort="text">Name</th><th scope="col" data-sort="tier">Tier</th><th scope="col" data-sort="text">Connection</th><th scope="col" data-sort="text">Company</th><th scope="col" data-sort="text">Position</th><th scope="col" data-sort="date">Connected on</th><th scope="col" data-sort="date">Last two-way</th><th scope="col" data-sort="date">Last in</th><th scope="col" data-sort="date">Last out</th><th scope="col" data-sort="num" class="n">In</th><th scope="col" data-sort="num" class="n">Out</th><th scope="col" data-sort="text">Channels</th>'
    if environment.getattr((undefined(name='v') if l_0_v is missing else l_0_v), 'people_meetings'):
        pass
        yield '<th scope="col" data-sort="date">Last meeting</th>'
    yield '</tr></thead>\n<tbody>\n'
    yield escape((undefined(name='people_rows') if l_0_people_rows is missing else l_0_people_rows))
    yield '</tbody>\n</table>\n</div>\n<p class="more" id="people-more" hidden><button type="button" id="people-more-button">Show more</button> <button type="button" id="people-all-button">Show all</button></p>\n</details>\n</section>\n</main>\n<footer class="wrap">\n<p>Made by <code>reachable</code> on this computer from your own export. Nothing in this file was sent anywhere, and opening it asks no server for anything. Message contents are never part of the report.</p>\n</footer>\n<script>'
    yield escape((undefined(name='js') if l_0_js is missing else l_0_js))
    yield '</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '1=54&2=56&3=59&4=62&9=66&14=68&15=81&21=83&22=92&23=95&24=99&26=114&32=116&35=119&37=122&38=124&39=126&40=128&44=133&45=139&46=145&47=169&48=173&50=186&61=192&76=196&81=198&82=202&88=204&89=208&98=220&99=224&106=226&109=228&112=230&113=232&116=236&122=238&123=242&129=254&130=256&131=258&137=261&138=265&143=275&145=280&146=283&148=287&152=290&153=294&156=303&163=310&164=313&165=320&166=322&173=326&174=330&183=343&184=346&190=353&191=357&192=359&198=362&199=366&204=381&211=387&212=389&214=400&215=417&221=423&222=426&223=429&224=441&226=444&227=446&228=448&229=450&235=453&237=457&238=461&243=473&244=481&246=485&247=489&250=493&255=502&257=505&264=507&265=511&277=520&278=523&283=529&284=533&289=541&294=550&300=553&301=557&306=567&311=576&312=579&313=582&318=594&319=598&328=615&330=618&331=626&333=633&334=636&336=642&337=645&346=656&347=658&352=662&357=672&358=676&361=678&363=682&373=684'