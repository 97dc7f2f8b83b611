from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'macros.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_person_name = l_0_bar = l_0_bar_table = l_0_tier_stack = l_0_year_chart = l_0_trend_chart = l_0_people_list = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['max']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'max' found.")
    try:
        t_4 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_5 = environment.filters['pct']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'pct' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_p):
        t_7 = []
        if l_1_p is missing:
            l_1_p = undefined("parameter 'p' was not provided", name='p')
        pass
        if environment.getattr(l_1_p, 'url'):
            pass
            t_7.extend((
                '<a href="',
                escape(environment.getattr(l_1_p, 'url')),
                '">',
                escape(environment.getattr(l_1_p, 'name')),
                '</a>',
            ))
        else:
            pass
            t_7.append(
                escape(environment.getattr(l_1_p, 'name')),
            )
        return concat(t_7)
    context.exported_vars.add('person_name')
    context.vars['person_name'] = l_0_person_name = Macro(environment, macro, 'person_name', ('p',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_share, l_1_value, l_1_cls):
        t_8 = []
        if l_1_share is missing:
            l_1_share = undefined("parameter 'share' was not provided", name='share')
        if l_1_value is missing:
            l_1_value = undefined("parameter 'value' was not provided", name='value')
        if l_1_cls is missing:
            l_1_cls = undefined("parameter 'cls' was not provided", name='cls')
        pass
        t_8.append(
            '<svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="track" width="100" height="1"/>',
        )
        if l_1_value:
            pass
            t_8.extend((
                '<rect class="f-',
                escape(l_1_cls),
                '" width="',
                escape(t_1('%.2f', t_3(environment, [(l_1_share * 100), 0.6]))),
                '" height="1"/>',
            ))
        t_8.append(
            '</svg>',
        )
        return concat(t_8)
    context.exported_vars.add('bar')
    context.vars['bar'] = l_0_bar = Macro(environment, macro, 'bar', ('share', 'value', 'cls'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_rows, l_1_caption, l_1_value_header):
        t_9 = []
        if l_1_rows is missing:
            l_1_rows = undefined("parameter 'rows' was not provided", name='rows')
        if l_1_caption is missing:
            l_1_caption = undefined("parameter 'caption' was not provided", name='caption')
        if l_1_value_header is missing:
            l_1_value_header = undefined("parameter 'value_header' was not provided", name='value_header')
        pass
        t_9.extend((
            '<table class="bars">\n<caption>',
            escape(l_1_caption),
            '</caption>\n<thead class="sr-only"><tr><th scope="col">What</th><th scope="col">',
            escape(l_1_value_header),
            '</th></tr></thead>\n<tbody>\n',
        ))
        for l_2_row in l_1_rows:
            _loop_vars = {}
            pass
            t_9.extend((
                '<tr><th scope="row">',
                escape(environment.getattr(l_2_row, 'label')),
                '</th><td><span class="barcell">',
                escape(context.call((undefined(name='bar') if l_0_bar is missing else l_0_bar), environment.getattr(l_2_row, 'bar'), environment.getattr(l_2_row, 'value'), environment.getattr(l_2_row, 'kind'), _loop_vars=_loop_vars)),
                '<span class="v">',
                escape(t_4(environment.getattr(l_2_row, 'value'))),
                '</span></span></td></tr>\n',
            ))
        l_2_row = missing
        t_9.append(
            '</tbody>\n</table>',
        )
        return concat(t_9)
    context.exported_vars.add('bar_table')
    context.vars['bar_table'] = l_0_bar_table = Macro(environment, macro, 'bar_table', ('rows', 'caption', 'value_header'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_tiers, l_1_total):
        t_10 = []
        if l_1_tiers is missing:
            l_1_tiers = undefined("parameter 'tiers' was not provided", name='tiers')
        if l_1_total is missing:
            l_1_total = undefined("parameter 'total' was not provided", name='total')
        pass
        t_10.extend((
            '<svg class="stack" viewBox="0 0 1000 36" preserveAspectRatio="none" role="img" aria-labelledby="stack-title stack-desc">\n<title id="stack-title">Tiers of your ',
            escape(t_4(l_1_total)),
            ' connections</title>\n<desc id="stack-desc">',
        ))
        l_2_loop = missing
        for l_2_t, l_2_loop in LoopContext(l_1_tiers, undefined):
            _loop_vars = {}
            pass
            t_10.extend((
                escape(environment.getattr(l_2_t, 'label')),
                ': ',
                escape(t_4(environment.getattr(l_2_t, 'count'))),
                ' (',
                escape(t_5(environment.getattr(l_2_t, 'share'))),
                ').',
            ))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_10.append(
                    ' ',
                )
        l_2_loop = l_2_t = missing
        t_10.append(
            '</desc>\n<rect class="track" width="1000" height="36"/>\n',
        )
        def t_11(fiter):
            for l_2_t in fiter:
                if environment.getattr(l_2_t, 'count'):
                    yield l_2_t
        for l_2_t in t_11(l_1_tiers):
            _loop_vars = {}
            pass
            t_10.extend((
                '<rect class="seg f-',
                escape(environment.getattr(l_2_t, 'tier')),
                '" x="',
                escape(t_1('%.2f', (environment.getattr(l_2_t, 'offset') * 1000))),
                '" width="',
                escape(t_1('%.2f', (environment.getattr(l_2_t, 'share') * 1000))),
                '" height="36"/>\n',
            ))
        l_2_t = missing
        t_10.append(
            '</svg>',
        )
        return concat(t_10)
    context.exported_vars.add('tier_stack')
    context.vars['tier_stack'] = l_0_tier_stack = Macro(environment, macro, 'tier_stack', ('tiers', 'total'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_years, l_1_show_share):
        t_12 = []
        l_1_width = l_1_height = l_1_left = l_1_right = l_1_top = l_1_bottom = l_1_plot_w = l_1_plot_h = l_1_n = l_1_band = l_1_peak = l_1_every = missing
        if l_1_years is missing:
            l_1_years = undefined("parameter 'years' was not provided", name='years')
        if l_1_show_share is missing:
            l_1_show_share = undefined("parameter 'show_share' was not provided", name='show_share')
        pass
        (l_1_width, l_1_height) = (640, 250)
        (l_1_left, l_1_right, l_1_top, l_1_bottom) = (40, 48, 18, 34)
        (l_1_plot_w, l_1_plot_h) = ((((undefined(name='width') if l_1_width is missing else l_1_width) - (undefined(name='left') if l_1_left is missing else l_1_left)) - (undefined(name='right') if l_1_right is missing else l_1_right)), (((undefined(name='height') if l_1_height is missing else l_1_height) - (undefined(name='top') if l_1_top is missing else l_1_top)) - (undefined(name='bottom') if l_1_bottom is missing else l_1_bottom)))
        l_1_n = t_2(environment.getattr(l_1_years, 'rows'))
        l_1_band = ((undefined(name='plot_w') if l_1_plot_w is missing else l_1_plot_w) / (undefined(name='n') if l_1_n is missing else l_1_n))
        l_1_peak = t_3(environment, [environment.getattr(l_1_years, 'max'), 1])
        l_1_every = (((undefined(name='n') if l_1_n is missing else l_1_n) // 12) + 1)
        t_12.extend((
            '<svg class="chart" viewBox="0 0 ',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            ' ',
            escape((undefined(name='height') if l_1_height is missing else l_1_height)),
            '" role="img" aria-labelledby="years-title years-desc">\n<title id="years-title">Connections added per year',
        ))
        if l_1_show_share:
            pass
            t_12.append(
                ", and the share of each year's connections reachable today",
            )
        t_12.append(
            '</title>\n<desc id="years-desc">',
        )
        l_2_loop = missing
        for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_years, 'rows'), undefined):
            _loop_vars = {}
            pass
            t_12.extend((
                escape(environment.getattr(l_2_r, 'year')),
                ': ',
                escape(t_4(environment.getattr(l_2_r, 'connections'))),
                ' added',
            ))
            if (l_1_show_share and (not t_6(environment.getattr(l_2_r, 'share')))):
                pass
                t_12.extend((
                    ', ',
                    escape(t_5(environment.getattr(l_2_r, 'share'))),
                    ' reachable today',
                ))
            t_12.append(
                '.',
            )
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_12.append(
                    ' ',
                )
        l_2_loop = l_2_r = missing
        t_12.append(
            '</desc>\n',
        )
        for l_2_frac in (0, 0.5, 1):
            _loop_vars = {}
            pass
            t_12.extend((
                '<line class="grid" x1="',
                escape((undefined(name='left') if l_1_left is missing else l_1_left)),
                '" x2="',
                escape(((undefined(name='width') if l_1_width is missing else l_1_width) - (undefined(name='right') if l_1_right is missing else l_1_right))),
                '" y1="',
                escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - l_2_frac))))),
                '" y2="',
                escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - l_2_frac))))),
                '"/>\n',
            ))
        l_2_frac = missing
        t_12.extend((
            '<text class="axis" x="',
            escape(((undefined(name='left') if l_1_left is missing else l_1_left) - 6)),
            '" y="',
            escape((((undefined(name='top') if l_1_top is missing else l_1_top) + (undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h)) + 4)),
            '" text-anchor="end">0</text>\n<text class="axis" x="',
            escape(((undefined(name='left') if l_1_left is missing else l_1_left) - 6)),
            '" y="',
            escape(((undefined(name='top') if l_1_top is missing else l_1_top) + 4)),
            '" text-anchor="end">',
            escape(t_4((undefined(name='peak') if l_1_peak is missing else l_1_peak))),
            '</text>\n',
        ))
        if l_1_show_share:
            pass
            for l_2_frac in (0, 0.5, 1):
                _loop_vars = {}
                pass
                t_12.extend((
                    '<text class="axis share" x="',
                    escape((((undefined(name='width') if l_1_width is missing else l_1_width) - (undefined(name='right') if l_1_right is missing else l_1_right)) + 6)),
                    '" y="',
                    escape(t_1('%.1f', (((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - l_2_frac))) + 4))),
                    '">',
                    escape(t_5(l_2_frac)),
                    '</text>\n',
                ))
            l_2_frac = missing
        l_2_loop = missing
        for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_years, 'rows'), undefined):
            l_2_x = l_2_h = missing
            _loop_vars = {}
            pass
            l_2_x = ((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='band') if l_1_band is missing else l_1_band) * environment.getattr(l_2_loop, 'index0')))
            _loop_vars['x'] = l_2_x
            l_2_h = (((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * environment.getattr(l_2_r, 'connections')) / (undefined(name='peak') if l_1_peak is missing else l_1_peak))
            _loop_vars['h'] = l_2_h
            if environment.getattr(l_2_r, 'connections'):
                pass
                t_12.extend((
                    '<rect class="f-bar" x="',
                    escape(t_1('%.1f', ((undefined(name='x') if l_2_x is missing else l_2_x) + ((undefined(name='band') if l_1_band is missing else l_1_band) * 0.18)))),
                    '" y="',
                    escape(t_1('%.1f', (((undefined(name='top') if l_1_top is missing else l_1_top) + (undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h)) - (undefined(name='h') if l_2_h is missing else l_2_h)))),
                    '" width="',
                    escape(t_1('%.1f', ((undefined(name='band') if l_1_band is missing else l_1_band) * 0.64))),
                    '" height="',
                    escape(t_1('%.1f', (undefined(name='h') if l_2_h is missing else l_2_h))),
                    '"/>\n',
                ))
            if (((environment.getattr(l_2_loop, 'index0') % (undefined(name='every') if l_1_every is missing else l_1_every)) == 0) or environment.getattr(l_2_loop, 'last')):
                pass
                t_12.extend((
                    '<text class="axis" x="',
                    escape(t_1('%.1f', ((undefined(name='x') if l_2_x is missing else l_2_x) + ((undefined(name='band') if l_1_band is missing else l_1_band) / 2)))),
                    '" y="',
                    escape(((undefined(name='height') if l_1_height is missing else l_1_height) - 12)),
                    '" text-anchor="middle">',
                    escape(environment.getattr(l_2_r, 'year')),
                    '</text>\n',
                ))
        l_2_loop = l_2_r = l_2_x = l_2_h = missing
        if l_1_show_share:
            pass
            l_2_loop = missing
            for l_2_r, l_2_loop in LoopContext(environment.getattr(l_1_years, 'rows'), undefined):
                l_2_prev = missing
                _loop_vars = {}
                pass
                l_2_prev = (environment.getitem(environment.getattr(l_1_years, 'rows'), (environment.getattr(l_2_loop, 'index0') - 1)) if environment.getattr(l_2_loop, 'index0') else None)
                _loop_vars['prev'] = l_2_prev
                if (((undefined(name='prev') if l_2_prev is missing else l_2_prev) and (not t_6(environment.getattr((undefined(name='prev') if l_2_prev is missing else l_2_prev), 'share')))) and (not t_6(environment.getattr(l_2_r, 'share')))):
                    pass
                    t_12.extend((
                        '<line class="s-line" x1="',
                        escape(t_1('%.1f', ((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='band') if l_1_band is missing else l_1_band) * (environment.getattr(l_2_loop, 'index0') - 0.5))))),
                        '" y1="',
                        escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - environment.getattr((undefined(name='prev') if l_2_prev is missing else l_2_prev), 'share')))))),
                        '" x2="',
                        escape(t_1('%.1f', ((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='band') if l_1_band is missing else l_1_band) * (environment.getattr(l_2_loop, 'index0') + 0.5))))),
                        '" y2="',
                        escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - environment.getattr(l_2_r, 'share')))))),
                        '"/>\n',
                    ))
            l_2_loop = l_2_r = l_2_prev = missing
            def t_13(fiter):
                for l_2_r in fiter:
                    if (not t_6(environment.getattr(l_2_r, 'share'))):
                        yield l_2_r
            for l_2_r in t_13(environment.getattr(l_1_years, 'rows')):
                _loop_vars = {}
                pass
                t_12.extend((
                    '<circle class="f-line" cx="',
                    escape(t_1('%.1f', ((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='band') if l_1_band is missing else l_1_band) * ((environment.getattr(l_2_r, 'year') - environment.getattr(environment.getitem(environment.getattr(l_1_years, 'rows'), 0), 'year')) + 0.5))))),
                    '" cy="',
                    escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - environment.getattr(l_2_r, 'share')))))),
                    '" r="4.5"/>\n',
                ))
            l_2_r = missing
        t_12.append(
            '</svg>',
        )
        return concat(t_12)
    context.exported_vars.add('year_chart')
    context.vars['year_chart'] = l_0_year_chart = Macro(environment, macro, 'year_chart', ('years', 'show_share'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_trend, l_1_peak):
        t_14 = []
        l_1_width = l_1_height = l_1_left = l_1_right = l_1_top = l_1_bottom = l_1_plot_w = l_1_plot_h = l_1_n = l_1_step = l_1_every = missing
        if l_1_trend is missing:
            l_1_trend = undefined("parameter 'trend' was not provided", name='trend')
        if l_1_peak is missing:
            l_1_peak = undefined("parameter 'peak' was not provided", name='peak')
        pass
        (l_1_width, l_1_height) = (640, 200)
        (l_1_left, l_1_right, l_1_top, l_1_bottom) = (40, 44, 24, 34)
        (l_1_plot_w, l_1_plot_h) = ((((undefined(name='width') if l_1_width is missing else l_1_width) - (undefined(name='left') if l_1_left is missing else l_1_left)) - (undefined(name='right') if l_1_right is missing else l_1_right)), (((undefined(name='height') if l_1_height is missing else l_1_height) - (undefined(name='top') if l_1_top is missing else l_1_top)) - (undefined(name='bottom') if l_1_bottom is missing else l_1_bottom)))
        l_1_n = t_2(l_1_trend)
        l_1_step = (((undefined(name='plot_w') if l_1_plot_w is missing else l_1_plot_w) / ((undefined(name='n') if l_1_n is missing else l_1_n) - 1)) if ((undefined(name='n') if l_1_n is missing else l_1_n) > 1) else 0)
        l_1_peak = t_3(environment, [l_1_peak, 1])
        l_1_every = (((undefined(name='n') if l_1_n is missing else l_1_n) // 8) + 1)
        t_14.extend((
            '<svg class="chart" viewBox="0 0 ',
            escape((undefined(name='width') if l_1_width is missing else l_1_width)),
            ' ',
            escape((undefined(name='height') if l_1_height is missing else l_1_height)),
            '" role="img" aria-labelledby="trend-title trend-desc">\n<title id="trend-title">Reachable connections at each audit</title>\n<desc id="trend-desc">',
        ))
        l_2_loop = missing
        for l_2_t, l_2_loop in LoopContext(l_1_trend, undefined):
            _loop_vars = {}
            pass
            t_14.extend((
                escape(environment.getattr(l_2_t, 'as_of')),
                ': ',
                escape(t_4(environment.getattr(l_2_t, 'reachable'))),
                ' reachable of ',
                escape(t_4(environment.getattr(l_2_t, 'connections'))),
                '.',
            ))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_14.append(
                    ' ',
                )
        l_2_loop = l_2_t = missing
        t_14.append(
            '</desc>\n',
        )
        for l_2_frac in (0, 0.5, 1):
            _loop_vars = {}
            pass
            t_14.extend((
                '<line class="grid" x1="',
                escape((undefined(name='left') if l_1_left is missing else l_1_left)),
                '" x2="',
                escape(((undefined(name='width') if l_1_width is missing else l_1_width) - (undefined(name='right') if l_1_right is missing else l_1_right))),
                '" y1="',
                escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - l_2_frac))))),
                '" y2="',
                escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - l_2_frac))))),
                '"/>\n',
            ))
        l_2_frac = missing
        t_14.extend((
            '<text class="axis" x="',
            escape(((undefined(name='left') if l_1_left is missing else l_1_left) - 6)),
            '" y="',
            escape((((undefined(name='top') if l_1_top is missing else l_1_top) + (undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h)) + 4)),
            '" text-anchor="end">0</text>\n<text class="axis" x="',
            escape(((undefined(name='left') if l_1_left is missing else l_1_left) - 6)),
            '" y="',
            escape(((undefined(name='top') if l_1_top is missing else l_1_top) + 4)),
            '" text-anchor="end">',
            escape(t_4(l_1_peak)),
            '</text>\n',
        ))
        if ((undefined(name='n') if l_1_n is missing else l_1_n) > 1):
            pass
            t_14.append(
                '<polyline class="s-line" points="',
            )
            l_2_loop = missing
            for l_2_t, l_2_loop in LoopContext(l_1_trend, undefined):
                _loop_vars = {}
                pass
                t_14.extend((
                    escape(t_1('%.1f', ((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='step') if l_1_step is missing else l_1_step) * environment.getattr(l_2_loop, 'index0'))))),
                    ',',
                    escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - (environment.getattr(l_2_t, 'reachable') / l_1_peak)))))),
                ))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    t_14.append(
                        ' ',
                    )
            l_2_loop = l_2_t = missing
            t_14.append(
                '"/>\n',
            )
        l_2_loop = missing
        for l_2_t, l_2_loop in LoopContext(l_1_trend, undefined):
            l_2_x = missing
            _loop_vars = {}
            pass
            l_2_x = (((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='step') if l_1_step is missing else l_1_step) * environment.getattr(l_2_loop, 'index0'))) if ((undefined(name='n') if l_1_n is missing else l_1_n) > 1) else ((undefined(name='left') if l_1_left is missing else l_1_left) + ((undefined(name='plot_w') if l_1_plot_w is missing else l_1_plot_w) / 2)))
            _loop_vars['x'] = l_2_x
            t_14.extend((
                '<circle class="f-line" cx="',
                escape(t_1('%.1f', (undefined(name='x') if l_2_x is missing else l_2_x))),
                '" cy="',
                escape(t_1('%.1f', ((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - (environment.getattr(l_2_t, 'reachable') / l_1_peak)))))),
                '" r="4.5"/>\n<text class="value" x="',
                escape(t_1('%.1f', (undefined(name='x') if l_2_x is missing else l_2_x))),
                '" y="',
                escape(t_1('%.1f', (((undefined(name='top') if l_1_top is missing else l_1_top) + ((undefined(name='plot_h') if l_1_plot_h is missing else l_1_plot_h) * (1 - (environment.getattr(l_2_t, 'reachable') / l_1_peak)))) - 9))),
                '" text-anchor="middle">',
                escape(t_4(environment.getattr(l_2_t, 'reachable'))),
                '</text>\n',
            ))
            if (((environment.getattr(l_2_loop, 'index0') % (undefined(name='every') if l_1_every is missing else l_1_every)) == 0) or environment.getattr(l_2_loop, 'last')):
                pass
                t_14.extend((
                    '<text class="axis" x="',
                    escape(t_1('%.1f', (undefined(name='x') if l_2_x is missing else l_2_x))),
                    '" y="',
                    escape(((undefined(name='height') if l_1_height is missing else l_1_height) - 12)),
                    '" text-anchor="middle">',
                    escape(environment.getattr(l_2_t, 'as_of')[:7]),
                    '</text>\n',
                ))
        l_2_loop = l_2_t = l_2_x = missing
        t_14.append(
            '</svg>',
        )
        return concat(t_14)
    context.exported_vars.add('trend_chart')
    context.vars['trend_chart'] = l_0_trend_chart = Macro(environment, macro, 'trend_chart', ('trend', 'peak'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_list, l_1_date_key, l_1_date_header, l_1_empty):
        t_15 = []
        if l_1_list is missing:
            l_1_list = undefined("parameter 'list' was not provided", name='list')
        if l_1_date_key is missing:
            l_1_date_key = undefined("parameter 'date_key' was not provided", name='date_key')
        if l_1_date_header is missing:
            l_1_date_header = undefined("parameter 'date_header' was not provided", name='date_header')
        if l_1_empty is missing:
            l_1_empty = undefined("parameter 'empty' was not provided", name='empty')
        pass
        if environment.getattr(l_1_list, 'rows'):
            pass
            t_15.extend((
                '<div class="table-wrap">\n<table class="list">\n<thead><tr><th scope="col">Name</th><th scope="col">Company</th><th scope="col">',
                escape(l_1_date_header),
                '</th><th scope="col" class="n">Messages in / out</th><th scope="col">Tier</th></tr></thead>\n<tbody>\n',
            ))
            for l_2_p in environment.getattr(l_1_list, 'rows'):
                _loop_vars = {}
                pass
                t_15.extend((
                    '<tr><td>',
                    escape(context.call((undefined(name='person_name') if l_0_person_name is missing else l_0_person_name), l_2_p, _loop_vars=_loop_vars)),
                    '</td><td>',
                    escape((environment.getattr(l_2_p, 'company') or '')),
                    '</td><td>',
                    escape((environment.getitem(l_2_p, l_1_date_key) or '')),
                    '</td><td class="n">',
                    escape(t_4(environment.getattr(l_2_p, 'messages_in'))),
                    ' / ',
                    escape(t_4(environment.getattr(l_2_p, 'messages_out'))),
                    '</td><td><span class="dot f-',
                    escape(environment.getattr(l_2_p, 'tier')),
                    '" aria-hidden="true"></span>',
                    escape(environment.getattr(l_2_p, 'tier_label')),
                ))
                if (not environment.getattr(l_2_p, 'is_connection')):
                    pass
                    t_15.append(
                        ' <span class="muted">(not a connection)</span>',
                    )
                t_15.append(
                    '</td></tr>\n',
                )
            l_2_p = missing
            t_15.append(
                '</tbody>\n</table>\n</div>\n',
            )
            if environment.getattr(l_1_list, 'more'):
                pass
                t_15.extend((
                    '<p class="muted">… and ',
                    escape(t_4(environment.getattr(l_1_list, 'more'))),
                    ' more (',
                    escape(t_4(environment.getattr(l_1_list, 'total'))),
                    ' in all): see the people table below.</p>',
                ))
        else:
            pass
            t_15.extend((
                '<p class="empty">',
                escape(l_1_empty),
                '</p>\n',
            ))
        return concat(t_15)
    context.exported_vars.add('people_list')
    context.vars['people_list'] = l_0_people_list = Macro(environment, macro, 'people_list', ('list', 'date_key', 'date_header', 'empty'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '5=48&6=53&11=70&13=82&18=97&20=108&21=110&23=113&24=118&31=132&33=141&34=145&36=165&37=174&44=188&45=196&46=197&47=198&48=199&49=200&50=201&51=202&52=205&53=210&54=219&55=247&56=252&58=264&59=268&60=275&61=277&62=282&65=291&66=295&67=297&68=299&69=303&71=312&72=316&75=324&76=327&77=331&78=333&79=337&82=347&83=356&90=368&91=376&92=377&93=378&94=379&95=380&96=381&97=382&98=385&100=391&101=411&102=416&104=428&105=432&106=439&107=445&109=463&110=467&111=471&112=475&113=482&114=486&121=500&122=511&125=515&127=518&128=523&133=549&135=562'