# report.html.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.presentation.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_label = resolve('label')
    l_0_result = resolve('result')
    l_0_colon = resolve('colon')
    l_0_protections = resolve('protections')
    l_0_d = resolve('d')
    l_0_weaker = resolve('weaker')
    l_0_grader_version = resolve('grader_version')
    l_0_lost_points = resolve('lost_points')
    l_0_chart = resolve('chart')
    l_0_repeated_failures = resolve('repeated_failures')
    l_0_mark = l_0_sentence = l_0_array_table = l_0_plot_svg = l_0_lost = l_0_repeats = missing
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
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['math']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'math' found.")
    try:
        t_5 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_6 = environment.filters['objective']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'objective' found.")
    try:
        t_7 = environment.filters['phrase']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'phrase' found.")
    try:
        t_8 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_9 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_10 = environment.filters['sentences']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'sentences' found.")
    try:
        t_11 = environment.filters['shape']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'shape' found.")
    try:
        t_12 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_13 = environment.filters['t']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 't' found.")
    try:
        t_14 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_15 = environment.filters['value']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'value' found.")
    try:
        t_16 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_17 = environment.tests['false']
    except KeyError:
        @internalcode
        def t_17(*unused):
            raise TemplateRuntimeError("No test named 'false' found.")
    try:
        t_18 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_18(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    try:
        t_19 = environment.tests['string']
    except KeyError:
        @internalcode
        def t_19(*unused):
            raise TemplateRuntimeError("No test named 'string' found.")
    pass
    def macro(l_1_valid):
        t_20 = []
        if l_1_valid is missing:
            l_1_valid = undefined("parameter 'valid' was not provided", name='valid')
        pass
        if l_1_valid:
            pass
            t_20.extend((
                '<span class="mark-ok" title="',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'link.valid'))),
                '">✓</span>',
            ))
        elif t_17(l_1_valid):
            pass
            t_20.extend((
                '<span class="mark-bad" title="',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'link.invalid'))),
                '">✗</span>',
            ))
        else:
            pass
            t_20.extend((
                '<span class="mark-unknown" title="',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'link.unknown'))),
                '">?</span>',
            ))
        return concat(t_20)
    context.exported_vars.add('mark')
    context.vars['mark'] = l_0_mark = Macro(environment, macro, 'mark', ('valid',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_message):
        t_21 = []
        if l_1_message is missing:
            l_1_message = undefined("parameter 'message' was not provided", name='message')
        pass
        t_21.append(
            escape(environment.finalize(t_13(context, l_1_message))),
        )
        for l_2_latex in environment.getattr(l_1_message, 'math'):
            _loop_vars = {}
            pass
            t_21.extend((
                '<div class="shown-math">',
                escape(environment.finalize(t_4(context, l_2_latex, True))),
                '</div>',
            ))
        l_2_latex = missing
        return concat(t_21)
    context.exported_vars.add('sentence')
    context.vars['sentence'] = l_0_sentence = Macro(environment, macro, 'sentence', ('message',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_caption, l_1_preview, l_1_marks):
        t_22 = []
        if l_1_caption is missing:
            l_1_caption = undefined("parameter 'caption' was not provided", name='caption')
        if l_1_preview is missing:
            l_1_preview = undefined("parameter 'preview' was not provided", name='preview')
        if l_1_marks is missing:
            l_1_marks = None
        pass
        t_22.extend((
            '<table class="array">\n<caption>',
            escape(environment.finalize(l_1_caption)),
            ' <span class="legend">',
            escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'shape', shape=t_11(environment.getattr(l_1_preview, 'shape'))))),
        ))
        if environment.getattr(l_1_preview, 'truncated'):
            pass
            t_22.extend((
                ' ',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'truncated'))),
            ))
        t_22.append(
            '</span></caption>\n',
        )
        l_2_loop = missing
        for l_2_row, l_2_loop in LoopContext(environment.getattr(l_1_preview, 'values'), undefined):
            l_2_row_index = missing
            _loop_vars = {}
            pass
            l_2_row_index = environment.getattr(l_2_loop, 'index0')
            _loop_vars['row_index'] = l_2_row_index
            t_22.append(
                '<tr>',
            )
            l_3_loop = missing
            for l_3_v, l_3_loop in LoopContext(l_2_row, undefined):
                _loop_vars = {}
                pass
                if ((l_1_marks and t_16(environment.getitem(environment.getattr(l_1_marks, 'differs'), (undefined(name='row_index') if l_2_row_index is missing else l_2_row_index)))) and environment.getitem(environment.getitem(environment.getattr(l_1_marks, 'differs'), (undefined(name='row_index') if l_2_row_index is missing else l_2_row_index)), environment.getattr(l_3_loop, 'index0'))):
                    pass
                    t_22.extend((
                        '<td class="num differs" title="',
                        escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'differs', _loop_vars=_loop_vars))),
                        '">',
                        escape(environment.finalize(t_15(l_3_v))),
                        '</td>',
                    ))
                else:
                    pass
                    t_22.extend((
                        '<td class="num">',
                        escape(environment.finalize(t_15(l_3_v))),
                        '</td>',
                    ))
            l_3_loop = l_3_v = missing
            if environment.getattr(l_1_preview, 'truncated'):
                pass
                t_22.append(
                    '<td>…</td>',
                )
            t_22.append(
                '</tr>\n',
            )
        l_2_loop = l_2_row = l_2_row_index = missing
        t_22.append(
            '</table>',
        )
        return concat(t_22)
    context.exported_vars.add('array_table')
    context.vars['array_table'] = l_0_array_table = Macro(environment, macro, 'array_table', ('caption', 'preview', 'marks'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_plot):
        t_23 = []
        l_1_f = missing
        if l_1_plot is missing:
            l_1_plot = undefined("parameter 'plot' was not provided", name='plot')
        pass
        l_1_f = environment.getattr(l_1_plot, 'frame')
        t_23.extend((
            '<figure class="trajectory">\n<svg class="plot" width="',
            escape(environment.finalize(environment.getattr(l_1_plot, 'width'))),
            '" height="',
            escape(environment.finalize(environment.getattr(l_1_plot, 'height'))),
            '" viewBox="0 0 ',
            escape(environment.finalize(environment.getattr(l_1_plot, 'width'))),
            ' ',
            escape(environment.finalize(environment.getattr(l_1_plot, 'height'))),
            '" role="img" aria-label="',
            escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory', objective=t_6(context, environment.getattr(l_1_plot, 'objective'))))),
            '">\n',
        ))
        for l_2_path in environment.getattr(l_1_plot, 'contours'):
            _loop_vars = {}
            pass
            t_23.extend((
                '<path class="contour" d="',
                escape(environment.finalize(l_2_path)),
                '"/>\n',
            ))
        l_2_path = missing
        t_23.extend((
            '<rect class="frame" x="',
            escape(environment.finalize(environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 0))),
            '" y="',
            escape(environment.finalize(environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 1))),
            '" width="',
            escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 2) - environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 0)))),
            '" height="',
            escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 3) - environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 1)))),
            '"/>\n',
        ))
        for l_2_tick in environment.getattr(l_1_plot, 'x_ticks'):
            _loop_vars = {}
            pass
            t_23.extend((
                '<path class="tick" d="M',
                escape(environment.finalize(environment.getattr(l_2_tick, 'position'))),
                ' ',
                escape(environment.finalize(environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 3))),
                'v4"/><text class="tick-x" x="',
                escape(environment.finalize(environment.getattr(l_2_tick, 'position'))),
                '" y="',
                escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 3) + 15))),
                '">',
                escape(environment.finalize(environment.getattr(l_2_tick, 'text'))),
                '</text>\n',
            ))
        l_2_tick = missing
        for l_2_tick in environment.getattr(l_1_plot, 'y_ticks'):
            _loop_vars = {}
            pass
            t_23.extend((
                '<path class="tick" d="M',
                escape(environment.finalize(environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 0))),
                ' ',
                escape(environment.finalize(environment.getattr(l_2_tick, 'position'))),
                'h-4"/><text class="tick-y" x="',
                escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 0) - 6))),
                '" y="',
                escape(environment.finalize((environment.getattr(l_2_tick, 'position') + 4))),
                '">',
                escape(environment.finalize(environment.getattr(l_2_tick, 'text'))),
                '</text>\n',
            ))
        l_2_tick = missing
        t_23.extend((
            '<text class="axis-name" x="',
            escape(environment.finalize(environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 2))),
            '" y="',
            escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 3) + 15))),
            '">w[0]</text><text class="axis-name" x="',
            escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 0) - 6))),
            '" y="',
            escape(environment.finalize((environment.getitem((undefined(name='f') if l_1_f is missing else l_1_f), 1) + 9))),
            '">w[1]</text>\n',
        ))
        if environment.getattr(l_1_plot, 'reference'):
            pass
            t_23.extend((
                '<polyline class="traj-ref" points="',
                escape(environment.finalize(environment.getattr(l_1_plot, 'reference'))),
                '"/>',
            ))
        t_23.append(
            '\n',
        )
        if environment.getattr(l_1_plot, 'student'):
            pass
            t_23.extend((
                '<polyline class="traj-student" points="',
                escape(environment.finalize(environment.getattr(l_1_plot, 'student'))),
                '"/>',
            ))
        t_23.append(
            '\n',
        )
        if environment.getattr(l_1_plot, 'start'):
            pass
            t_23.extend((
                '<circle class="start" cx="',
                escape(environment.finalize(environment.getitem(environment.getattr(l_1_plot, 'start'), 0))),
                '" cy="',
                escape(environment.finalize(environment.getitem(environment.getattr(l_1_plot, 'start'), 1))),
                '" r="4"/>',
            ))
        t_23.append(
            '\n',
        )
        if environment.getattr(l_1_plot, 'divergence'):
            pass
            t_23.extend((
                '<path class="divergence" d="M',
                escape(environment.finalize(environment.getitem(environment.getattr(l_1_plot, 'divergence'), 0))),
                ' ',
                escape(environment.finalize((environment.getitem(environment.getattr(l_1_plot, 'divergence'), 1) - 6))),
                'l6 6l-6 6l-6 -6z"/>',
            ))
        t_23.extend((
            '\n</svg>\n<figcaption class="legend">',
            escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory', objective=t_6(context, environment.getattr(l_1_plot, 'objective'))))),
            escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon))),
            '<span class="swatch-ref">━</span> ',
            escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory.reference'))),
            ' · <span class="swatch-student">╍</span> ',
            escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory.student'))),
            '. ',
            escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory.how'))),
        ))
        if environment.getattr(l_1_plot, 'divergence_step'):
            pass
            t_23.extend((
                ' ',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory.diverges', step=environment.getattr(l_1_plot, 'divergence_step')))),
            ))
        if environment.getattr(l_1_plot, 'left_plot'):
            pass
            t_23.extend((
                '<br>',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory.left_plot'))),
            ))
        if (not environment.getattr(l_1_plot, 'student_points')):
            pass
            t_23.extend((
                '<br>',
                escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'trajectory.no_points'))),
            ))
        t_23.append(
            '</figcaption>\n</figure>',
        )
        return concat(t_23)
    context.exported_vars.add('plot_svg')
    context.vars['plot_svg'] = l_0_plot_svg = Macro(environment, macro, 'plot_svg', ('plot',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.finalize(('zh-CN' if ((undefined(name='lang') if l_0_lang is missing else l_0_lang) == 'zh') else 'en')))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'report.title')))
    yield ' · '
    yield escape(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'submission')))
    yield '</title>\n<style>\n'
    template = environment.get_template('report.css', 'report.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'array_table': l_0_array_table, 'd': l_0_d, 'lost': l_0_lost, 'mark': l_0_mark, 'plot_svg': l_0_plot_svg, 'repeats': l_0_repeats, 'sentence': l_0_sentence, 'weaker': l_0_weaker}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style>\n</head>\n<body>\n<header>\n<h1>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'report.title')))
    yield '</h1>\n<div>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'submission')))
    yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield '<code>'
    yield escape(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'submission')))
    yield '</code></div>\n<div class="total"><span class="legend">'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'total')))
    yield '</span> '
    yield escape(environment.finalize(t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'score'))))
    yield ' / '
    yield escape(environment.finalize(t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'max_score'))))
    yield '</div>\n<dl class="meta">\n<dt>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'seed')))
    yield '</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'seed')))
    yield '</dd>\n<dt>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation')))
    yield '</dt><dd>'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation'):
        pass
        yield '<code>'
        yield escape(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation')))
        yield '</code>'
    else:
        pass
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation.none')))
    yield '</dd>\n'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation_details'):
        pass
        (l_0_d, l_0_weaker) = context.call((undefined(name='protections') if l_0_protections is missing else l_0_protections), environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation_details'))
        context.vars.update({'d': l_0_d, 'weaker': l_0_weaker})
        context.exported_vars.update(('d', 'weaker'))
        yield '<dt>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'protections.title')))
        yield '</dt><dd>'
        yield escape(environment.finalize((undefined(name='d') if l_0_d is missing else l_0_d)))
        for l_1_w in (undefined(name='weaker') if l_0_weaker is missing else l_0_weaker):
            _loop_vars = {}
            pass
            yield '<br>'
            yield escape(environment.finalize(l_1_w))
        l_1_w = missing
        yield '</dd>'
    yield '<dt>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'grader_version')))
    yield '</dt><dd>'
    yield escape(environment.finalize((environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'grader_version') or (undefined(name='grader_version') if l_0_grader_version is missing else l_0_grader_version))))
    yield '</dd>\n<dt>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'duration')))
    yield '</dt><dd>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'seconds', value=t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'duration_seconds')))))
    yield '</dd>\n</dl>\n'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error'):
        pass
        yield '<div class="alert">'
        yield escape(environment.finalize(context.call((undefined(name='sentence') if l_0_sentence is missing else l_0_sentence), environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error'))))
        yield '</div>'
    for l_1_n in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'notes'):
        _loop_vars = {}
        pass
        yield '<div class="alert">'
        yield escape(environment.finalize(context.call((undefined(name='sentence') if l_0_sentence is missing else l_0_sentence), l_1_n, _loop_vars=_loop_vars)))
        yield '</div>'
    l_1_n = missing
    yield '\n</header>\n'
    l_0_lost = context.call((undefined(name='lost_points') if l_0_lost_points is missing else l_0_lost_points), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['lost'] = l_0_lost
    context.exported_vars.add('lost')
    yield '<section class="summary" id="summary">\n<h2>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'where_points_went')))
    yield '</h2>\n'
    if (undefined(name='lost') if l_0_lost is missing else l_0_lost):
        pass
        yield '<table class="lost">\n<tr><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'problem')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'part')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'lost')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'why')))
        yield '</th></tr>\n'
        for l_1_item in (undefined(name='lost') if l_0_lost is missing else l_0_lost):
            _loop_vars = {}
            pass
            yield '<tr><td><a href="#'
            yield escape(environment.finalize(environment.getattr(l_1_item, 'anchor')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_item, 'problem')))
            yield '</a>'
            for l_2_other in environment.getattr(l_1_item, 'problems'):
                l_2_anchor = resolve('anchor')
                _loop_vars = {}
                pass
                yield ', <a href="#'
                yield escape(environment.finalize(context.call((undefined(name='anchor') if l_2_anchor is missing else l_2_anchor), l_2_other, _loop_vars=_loop_vars)))
                yield '">'
                yield escape(environment.finalize(l_2_other))
                yield '</a>'
            l_2_other = l_2_anchor = missing
            yield '</td><td>'
            if environment.getattr(l_1_item, 'part_title'):
                pass
                yield '<a href="#'
                yield escape(environment.finalize(environment.getattr(l_1_item, 'anchor')))
                yield '"'
                if environment.getattr(l_1_item, 'parts'):
                    pass
                    yield ' title="'
                    yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr(l_1_item, 'parts'), ', ')))
                    yield '"'
                yield '>'
                yield escape(environment.finalize(environment.getattr(l_1_item, 'part_title')))
                yield '</a>'
            yield '</td><td class="num">−'
            yield escape(environment.finalize(t_5(environment.getattr(l_1_item, 'points'))))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_item, 'reason')))
            yield '</td></tr>\n'
        l_1_item = missing
        yield '</table>\n'
    else:
        pass
        yield '<p>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'nothing_lost')))
        yield '</p>\n'
    yield '<svg class="chart" width="560" height="'
    yield escape(environment.finalize(((20 * t_2((undefined(name='chart') if l_0_chart is missing else l_0_chart))) + 4)))
    yield '" viewBox="0 0 560 '
    yield escape(environment.finalize(((20 * t_2((undefined(name='chart') if l_0_chart is missing else l_0_chart))) + 4)))
    yield '" role="img" aria-label="'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'score_chart')))
    yield '">\n'
    l_1_loop = missing
    for l_1_bar, l_1_loop in LoopContext((undefined(name='chart') if l_0_chart is missing else l_0_chart), undefined):
        l_1_y = missing
        _loop_vars = {}
        pass
        l_1_y = (2 + (20 * environment.getattr(l_1_loop, 'index0')))
        _loop_vars['y'] = l_1_y
        yield '<a href="#problem-'
        yield escape(environment.finalize(environment.getattr(l_1_bar, 'label')))
        yield '"><text x="0" y="'
        yield escape(environment.finalize(((undefined(name='y') if l_1_y is missing else l_1_y) + 13)))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_bar, 'label')))
        yield '</text></a>\n<rect class="track" x="140" y="'
        yield escape(environment.finalize(((undefined(name='y') if l_1_y is missing else l_1_y) + 2)))
        yield '" width="300" height="14" rx="3"/>\n<rect class="'
        yield escape(environment.finalize(('fill-full' if ((environment.getattr(l_1_bar, 'value') >= environment.getattr(l_1_bar, 'maximum')) and (environment.getattr(l_1_bar, 'maximum') > 0)) else ('fill-none' if (environment.getattr(l_1_bar, 'value') <= 0) else 'fill-part'))))
        yield '" x="140" y="'
        yield escape(environment.finalize(((undefined(name='y') if l_1_y is missing else l_1_y) + 2)))
        yield '" width="'
        yield escape(environment.finalize(environment.getattr(l_1_bar, 'length')))
        yield '" height="14" rx="3"/>\n<text x="450" y="'
        yield escape(environment.finalize(((undefined(name='y') if l_1_y is missing else l_1_y) + 13)))
        yield '">'
        yield escape(environment.finalize(t_5(environment.getattr(l_1_bar, 'value'))))
        yield ' / '
        yield escape(environment.finalize(t_5(environment.getattr(l_1_bar, 'maximum'))))
        yield '</text>\n'
    l_1_loop = l_1_bar = l_1_y = missing
    yield '</svg>\n</section>\n'
    l_0_repeats = context.call((undefined(name='repeated_failures') if l_0_repeated_failures is missing else l_0_repeated_failures), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['repeats'] = l_0_repeats
    context.exported_vars.add('repeats')
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'problems'), undefined):
        l_1_file_failure = resolve('file_failure')
        l_1_problem_title = resolve('problem_title')
        l_1_anchor = resolve('anchor')
        l_1_failure = l_1_explained = missing
        _loop_vars = {}
        pass
        l_1_failure = context.call((undefined(name='file_failure') if l_1_file_failure is missing else l_1_file_failure), l_1_p, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars)
        _loop_vars['failure'] = l_1_failure
        l_1_explained = (environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'parts') if (undefined(name='failure') if l_1_failure is missing else l_1_failure) else [])
        _loop_vars['explained'] = l_1_explained
        yield '<details class="problem status-'
        yield escape(environment.finalize(t_8(context.eval_ctx, environment.getattr(l_1_p, 'status'), ' ', '-')))
        yield '" id="problem-'
        yield escape(environment.finalize(environment.getattr(l_1_p, 'id')))
        yield '"'
        if (environment.getattr(l_1_p, 'score') < environment.getattr(l_1_p, 'max_score')):
            pass
            yield ' open'
        yield '>\n<summary><h2>'
        yield escape(environment.finalize(environment.getattr(l_1_p, 'id')))
        yield ' <small>'
        yield escape(environment.finalize(context.call((undefined(name='problem_title') if l_1_problem_title is missing else l_1_problem_title), l_1_p, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars)))
        yield '</small>'
        if (environment.getattr(l_1_p, 'status') != 'graded'):
            pass
            yield '<span class="status">'
            yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), markup_join(('status.', environment.getattr(l_1_p, 'status'), )), _loop_vars=_loop_vars)))
            yield '</span>'
        yield '</h2><span class="score">'
        yield escape(environment.finalize(t_5(environment.getattr(l_1_p, 'score'))))
        yield ' / '
        yield escape(environment.finalize(t_5(environment.getattr(l_1_p, 'max_score'))))
        yield '</span></summary>\n'
        if (environment.getattr(l_1_p, 'error') and (environment.getattr(l_1_p, 'id') in (undefined(name='repeats') if l_0_repeats is missing else l_0_repeats))):
            pass
            yield '<div class="alert" id="'
            yield escape(environment.finalize(context.call((undefined(name='anchor') if l_1_anchor is missing else l_1_anchor), environment.getattr(l_1_p, 'id'), _loop_vars=_loop_vars)))
            yield '-error">'
            yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'same_failure', problem=environment.getitem((undefined(name='repeats') if l_0_repeats is missing else l_0_repeats), environment.getattr(l_1_p, 'id')), reason=t_12(t_13(context, environment.getattr(l_1_p, 'error'))), _loop_vars=_loop_vars)))
            if (undefined(name='explained') if l_1_explained is missing else l_1_explained):
                pass
                yield '<div class="affected">'
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'affected', names=t_1(context.eval_ctx, environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'titles'), ', '), _loop_vars=_loop_vars)))
                yield '</div>'
            yield '</div>\n'
        elif environment.getattr(l_1_p, 'error'):
            pass
            yield '<div class="alert" id="'
            yield escape(environment.finalize(context.call((undefined(name='anchor') if l_1_anchor is missing else l_1_anchor), environment.getattr(l_1_p, 'id'), _loop_vars=_loop_vars)))
            yield '-error">'
            yield escape(environment.finalize(context.call((undefined(name='sentence') if l_0_sentence is missing else l_0_sentence), environment.getattr(l_1_p, 'error'), _loop_vars=_loop_vars)))
            if (undefined(name='explained') if l_1_explained is missing else l_1_explained):
                pass
                yield '<div class="affected">'
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'affected', names=t_1(context.eval_ctx, environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'titles'), ', '), _loop_vars=_loop_vars)))
                yield '</div>'
            yield '</div>'
        yield '\n'
        def t_24(fiter):
            for l_2_part in fiter:
                if (environment.getattr(l_2_part, 'id') in (undefined(name='explained') if l_1_explained is missing else l_1_explained)):
                    yield l_2_part
        for l_2_part in t_24(environment.getattr(l_1_p, 'parts')):
            _loop_vars = {}
            pass
            yield '<span id="part-'
            yield escape(environment.finalize(environment.getattr(l_1_p, 'id')))
            yield '-'
            yield escape(environment.finalize(environment.getattr(l_2_part, 'id')))
            yield '"></span>'
        l_2_part = missing
        def t_25(fiter):
            for l_2_part in fiter:
                if (environment.getattr(l_2_part, 'id') not in (undefined(name='explained') if l_1_explained is missing else l_1_explained)):
                    yield l_2_part
        l_2_loop = missing
        for l_2_part, l_2_loop in LoopContext(t_25(environment.getattr(l_1_p, 'parts')), undefined):
            l_2_part_title = resolve('part_title')
            l_2_failed_check_groups = resolve('failed_check_groups')
            l_2_lost_here = l_2_mistake_sentences = l_2_remaining = l_2_passed = missing
            _loop_vars = {}
            pass
            l_2_lost_here = (environment.getattr(l_2_part, 'score') < environment.getattr(l_2_part, 'max_score'))
            _loop_vars['lost_here'] = l_2_lost_here
            yield '<details class="part'
            yield escape(environment.finalize((' lost' if (undefined(name='lost_here') if l_2_lost_here is missing else l_2_lost_here) else '')))
            yield '" id="part-'
            yield escape(environment.finalize(environment.getattr(l_1_p, 'id')))
            yield '-'
            yield escape(environment.finalize(environment.getattr(l_2_part, 'id')))
            yield '"'
            if (undefined(name='lost_here') if l_2_lost_here is missing else l_2_lost_here):
                pass
                yield ' open'
            yield '>\n<summary><h3>'
            yield escape(environment.finalize(context.call((undefined(name='mark') if l_0_mark is missing else l_0_mark), (not (undefined(name='lost_here') if l_2_lost_here is missing else l_2_lost_here)), _loop_vars=_loop_vars)))
            yield ' '
            yield escape(environment.finalize(context.call((undefined(name='part_title') if l_2_part_title is missing else l_2_part_title), l_2_part, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars)))
            yield ' <span class="score">'
            yield escape(environment.finalize(t_5(environment.getattr(l_2_part, 'score'))))
            yield ' / '
            yield escape(environment.finalize(t_5(environment.getattr(l_2_part, 'max_score'))))
            yield '</span></h3></summary>\n'
            if (not t_18(environment.getattr(l_2_part, 'student_answer'))):
                pass
                yield '<div>'
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'your_answer', _loop_vars=_loop_vars)))
                yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                yield escape(environment.finalize(t_4(context, environment.getattr(l_2_part, 'student_answer'))))
                yield '</div>'
            yield '\n'
            l_2_mistake_sentences = []
            _loop_vars['mistake_sentences'] = l_2_mistake_sentences
            for l_3_mistake in environment.getattr(l_2_part, 'mistakes'):
                l_3_mistake_text = resolve('mistake_text')
                l_3__ = missing
                _loop_vars = {}
                pass
                l_3__ = context.call(environment.getattr((undefined(name='mistake_sentences') if l_2_mistake_sentences is missing else l_2_mistake_sentences), 'append'), context.call((undefined(name='mistake_text') if l_3_mistake_text is missing else l_3_mistake_text), l_3_mistake, (undefined(name='lang') if l_0_lang is missing else l_0_lang), environment.getattr(l_1_p, 'id'), _loop_vars=_loop_vars), _loop_vars=_loop_vars)
                _loop_vars['_'] = l_3__
            l_3_mistake = l_3_mistake_text = l_3__ = missing
            for l_3_text in (undefined(name='mistake_sentences') if l_2_mistake_sentences is missing else l_2_mistake_sentences):
                _loop_vars = {}
                pass
                yield '<div class="mistake"><strong>'
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'mistakes', _loop_vars=_loop_vars)))
                yield escape(environment.finalize(t_14((undefined(name='colon') if l_0_colon is missing else l_0_colon))))
                yield '</strong> '
                yield escape(environment.finalize(l_3_text))
                yield '</div>\n'
            l_3_text = missing
            l_2_remaining = []
            _loop_vars['remaining'] = l_2_remaining
            def t_26(fiter):
                l_3_said_at_the_line = resolve('said_at_the_line')
                for l_3_m in fiter:
                    if ((((t_13(context, l_3_m) not in (undefined(name='mistake_sentences') if l_2_mistake_sentences is missing else l_2_mistake_sentences)) and (not ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (t_13(context, l_3_m) == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence'))))) and (not (environment.getattr(l_2_part, 'lines') and (environment.getattr(l_3_m, 'key') in (undefined(name='said_at_the_line') if l_3_said_at_the_line is missing else l_3_said_at_the_line))))) and (not (environment.getattr(l_2_part, 'checks') and (environment.getattr(l_3_m, 'key') == 'codecheck.function_failed')))):
                        yield l_3_m
            for l_3_m in t_26(environment.getattr(l_2_part, 'feedback')):
                l_3__ = missing
                _loop_vars = {}
                pass
                l_3__ = context.call(environment.getattr((undefined(name='remaining') if l_2_remaining is missing else l_2_remaining), 'append'), l_3_m, _loop_vars=_loop_vars)
                _loop_vars['_'] = l_3__
            l_3_m = l_3__ = missing
            if (undefined(name='remaining') if l_2_remaining is missing else l_2_remaining):
                pass
                yield '<ul class="feedback">\n'
                for l_3_m in (undefined(name='remaining') if l_2_remaining is missing else l_2_remaining):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.finalize(context.call((undefined(name='sentence') if l_0_sentence is missing else l_0_sentence), l_3_m, _loop_vars=_loop_vars)))
                    yield '</li>\n'
                l_3_m = missing
                yield '</ul>\n'
            if environment.getattr(l_2_part, 'lines'):
                pass
                yield '<ol class="derivation">\n'
                for l_3_line in environment.getattr(l_2_part, 'lines'):
                    _loop_vars = {}
                    pass
                    yield '<li class="'
                    yield escape(environment.finalize(('first-invalid' if (environment.getattr(l_3_line, 'number') == environment.getattr(l_2_part, 'invalid_line')) else '')))
                    yield escape(environment.finalize((' has-error' if environment.getattr(l_3_line, 'error') else '')))
                    yield '" id="line-'
                    yield escape(environment.finalize(environment.getattr(l_1_p, 'id')))
                    yield '-'
                    yield escape(environment.finalize(environment.getattr(l_2_part, 'id')))
                    yield '-'
                    yield escape(environment.finalize(environment.getattr(l_3_line, 'number')))
                    yield '">\n<span class="lineno">'
                    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'line', number=environment.getattr(l_3_line, 'number'), _loop_vars=_loop_vars)))
                    yield '</span>\n'
                    if environment.getattr(l_3_line, 'error'):
                        pass
                        yield escape(environment.finalize(context.call((undefined(name='mark') if l_0_mark is missing else l_0_mark), False, _loop_vars=_loop_vars)))
                        yield ' <code class="math">'
                        yield escape(environment.finalize(environment.getattr(l_3_line, 'source')))
                        yield '</code>\n<div class="why">'
                        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'line_error', _loop_vars=_loop_vars)))
                        yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        yield escape(environment.finalize(t_13(context, environment.getattr(l_3_line, 'error'))))
                        yield '</div>\n'
                    else:
                        pass
                        for l_4_link in environment.getattr(l_3_line, 'links'):
                            l_4_link_latex = resolve('link_latex')
                            _loop_vars = {}
                            pass
                            yield '<span class="link">'
                            yield escape(environment.finalize(context.call((undefined(name='mark') if l_0_mark is missing else l_0_mark), environment.getattr(l_4_link, 'valid'), _loop_vars=_loop_vars)))
                            yield ' '
                            yield escape(environment.finalize(t_4(context, context.call((undefined(name='link_latex') if l_4_link_latex is missing else l_4_link_latex), l_4_link, _loop_vars=_loop_vars))))
                            yield '</span>\n'
                        l_4_link = l_4_link_latex = missing
                        if (not environment.getattr(l_3_line, 'links')):
                            pass
                            yield escape(environment.finalize(t_4(context, environment.getattr(l_3_line, 'source'))))
                        yield '\n'
                        def t_27(fiter):
                            for l_4_link in fiter:
                                if (environment.getattr(l_4_link, 'reason') or environment.getattr(l_4_link, 'counterexample')):
                                    yield l_4_link
                        for l_4_link in t_27(environment.getattr(l_3_line, 'links')):
                            _loop_vars = {}
                            pass
                            yield '<div class="why">'
                            yield escape(environment.finalize(context.call((undefined(name='mark') if l_0_mark is missing else l_0_mark), environment.getattr(l_4_link, 'valid'), _loop_vars=_loop_vars)))
                            yield ' '
                            yield escape(environment.finalize(t_13(context, environment.getattr(l_4_link, 'reason'))))
                            yield '\n'
                            if environment.getattr(l_4_link, 'counterexample'):
                                pass
                                yield '<table class="counterexample">\n<caption>'
                                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample', _loop_vars=_loop_vars)))
                                yield '</caption>\n<tr>'
                                for l_5_k in environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'point'):
                                    _loop_vars = {}
                                    pass
                                    yield '<th><code>'
                                    yield escape(environment.finalize(l_5_k))
                                    yield '</code></th>'
                                l_5_k = missing
                                yield '<th>'
                                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.left', _loop_vars=_loop_vars)))
                                yield '</th><th>'
                                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.right', _loop_vars=_loop_vars)))
                                yield '</th></tr>\n<tr>'
                                for l_5_v in context.call(environment.getattr(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'point'), 'values'), _loop_vars=_loop_vars):
                                    _loop_vars = {}
                                    pass
                                    yield '<td class="num">'
                                    yield escape(environment.finalize(l_5_v))
                                    yield '</td>'
                                l_5_v = missing
                                yield '<td class="num">'
                                yield escape(environment.finalize(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'left')))
                                yield '</td><td class="num">'
                                yield escape(environment.finalize(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'right')))
                                yield '</td></tr>\n</table>\n'
                            yield '</div>\n'
                        l_4_link = missing
                    yield '</li>\n'
                l_3_line = missing
                yield '</ol>\n'
            elif (environment.getattr(l_2_part, 'id') == 'derivation'):
                pass
                yield '<div class="why">'
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'no_lines', _loop_vars=_loop_vars)))
                yield '</div>\n'
            l_2_passed = t_3(context.eval_ctx, t_9(context, environment.getattr(l_2_part, 'checks'), 'passed'))
            _loop_vars['passed'] = l_2_passed
            l_3_loop = missing
            for (l_3_checks, l_3_reason), l_3_loop in LoopContext(context.call((undefined(name='failed_check_groups') if l_2_failed_check_groups is missing else l_2_failed_check_groups), l_2_part, _loop_vars=_loop_vars), undefined):
                _loop_vars = {}
                pass
                yield '<div class="check failed">\n<div>'
                yield escape(environment.finalize(context.call((undefined(name='mark') if l_0_mark is missing else l_0_mark), False, _loop_vars=_loop_vars)))
                yield ' <strong>'
                yield escape(environment.finalize(t_1(context.eval_ctx, t_10(context, l_3_checks, 'name'), '; ')))
                yield '</strong>'
                if l_3_reason:
                    pass
                    yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                    yield escape(environment.finalize(l_3_reason))
                yield '</div>\n'
                l_4_loop = missing
                for l_4_check, l_4_loop in LoopContext(l_3_checks, undefined):
                    l_4_array_difference = resolve('array_difference')
                    l_4_difference = resolve('difference')
                    l_4_largest_difference = resolve('largest_difference')
                    l_4_trajectory_plot = resolve('trajectory_plot')
                    l_4_plot = missing
                    _loop_vars = {}
                    pass
                    if ((t_2(l_3_checks) > 1) and ((environment.getattr(l_4_check, 'inputs') or (not t_18(environment.getattr(l_4_check, 'expected')))) or (not t_18(environment.getattr(l_4_check, 'got'))))):
                        pass
                        yield '<div class="legend">'
                        yield escape(environment.finalize(t_13(context, environment.getattr(l_4_check, 'name'))))
                        yield '</div>'
                    if environment.getattr(l_4_check, 'inputs'):
                        pass
                        yield '<div class="legend">'
                        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'inputs', _loop_vars=_loop_vars)))
                        yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        l_5_loop = missing
                        for (l_5_k, l_5_v), l_5_loop in LoopContext(context.call(environment.getattr(environment.getattr(l_4_check, 'inputs'), 'items'), _loop_vars=_loop_vars), undefined):
                            _loop_vars = {}
                            pass
                            yield '<code>'
                            yield escape(environment.finalize(l_5_k))
                            yield '</code> '
                            if (t_19(l_5_v) and (l_5_v[:1] in '{[')):
                                pass
                                yield '<code>'
                                yield escape(environment.finalize(l_5_v))
                                yield '</code>'
                            else:
                                pass
                                yield escape(environment.finalize(t_7(context, l_5_v)))
                            if (not environment.getattr(l_5_loop, 'last')):
                                pass
                                yield '; '
                        l_5_loop = l_5_k = l_5_v = missing
                        yield '</div>'
                    yield '\n'
                    if ((not t_18(environment.getattr(l_4_check, 'expected'))) or (not t_18(environment.getattr(l_4_check, 'got')))):
                        pass
                        l_4_difference = context.call((undefined(name='array_difference') if l_4_array_difference is missing else l_4_array_difference), environment.getattr(l_4_check, 'expected'), environment.getattr(l_4_check, 'got'), _loop_vars=_loop_vars)
                        _loop_vars['difference'] = l_4_difference
                        yield '<div class="arrays">\n'
                        if (not t_18(environment.getattr(l_4_check, 'expected'))):
                            pass
                            yield escape(environment.finalize(context.call((undefined(name='array_table') if l_0_array_table is missing else l_0_array_table), context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'expected', _loop_vars=_loop_vars), environment.getattr(l_4_check, 'expected'), _loop_vars=_loop_vars)))
                        yield '\n'
                        if (not t_18(environment.getattr(l_4_check, 'got'))):
                            pass
                            yield escape(environment.finalize(context.call((undefined(name='array_table') if l_0_array_table is missing else l_0_array_table), context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'got', _loop_vars=_loop_vars), environment.getattr(l_4_check, 'got'), (undefined(name='difference') if l_4_difference is missing else l_4_difference), _loop_vars=_loop_vars)))
                        yield '\n</div>\n'
                        if ((undefined(name='difference') if l_4_difference is missing else l_4_difference) and environment.getattr((undefined(name='difference') if l_4_difference is missing else l_4_difference), 'largest')):
                            pass
                            yield '<div class="largest">'
                            yield escape(environment.finalize(context.call((undefined(name='largest_difference') if l_4_largest_difference is missing else l_4_largest_difference), (undefined(name='difference') if l_4_difference is missing else l_4_difference), _loop_vars=_loop_vars)))
                            yield '</div>'
                        yield '\n'
                    l_4_plot = context.call((undefined(name='trajectory_plot') if l_4_trajectory_plot is missing else l_4_trajectory_plot), environment.getattr(l_4_check, 'trajectory'), _loop_vars=_loop_vars)
                    _loop_vars['plot'] = l_4_plot
                    if ((undefined(name='plot') if l_4_plot is missing else l_4_plot) and (environment.getattr((undefined(name='plot') if l_4_plot is missing else l_4_plot), 'student_points') > 1)):
                        pass
                        yield escape(environment.finalize(context.call((undefined(name='plot_svg') if l_0_plot_svg is missing else l_0_plot_svg), (undefined(name='plot') if l_4_plot is missing else l_4_plot), _loop_vars=_loop_vars)))
                    yield '\n'
                l_4_loop = l_4_check = l_4_array_difference = l_4_difference = l_4_largest_difference = l_4_trajectory_plot = l_4_plot = missing
                yield '</div>\n'
            l_3_loop = l_3_checks = l_3_reason = missing
            if (undefined(name='passed') if l_2_passed is missing else l_2_passed):
                pass
                yield '<ul class="passed-checks">\n'
                for l_3_check in (undefined(name='passed') if l_2_passed is missing else l_2_passed):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.finalize(context.call((undefined(name='mark') if l_0_mark is missing else l_0_mark), True, _loop_vars=_loop_vars)))
                    yield ' '
                    yield escape(environment.finalize(t_13(context, environment.getattr(l_3_check, 'name'))))
                    yield '</li>\n'
                l_3_check = missing
                yield '</ul>\n'
            yield '</details>\n'
        l_2_loop = l_2_part = l_2_lost_here = l_2_part_title = l_2_mistake_sentences = l_2_remaining = l_2_passed = l_2_failed_check_groups = missing
        if ((not t_18(environment.getattr(l_1_p, 'seed'))) or environment.getattr(l_1_p, 'isolation')):
            pass
            yield '<div class="legend">'
            if (not t_18(environment.getattr(l_1_p, 'seed'))):
                pass
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'problem_seed', seed=environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'seed'), _loop_vars=_loop_vars)))
                yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                yield escape(environment.finalize(environment.getattr(l_1_p, 'seed')))
            if environment.getattr(l_1_p, 'isolation'):
                pass
                yield ' · '
                yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation', _loop_vars=_loop_vars)))
                yield escape(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                yield '<code>'
                yield escape(environment.finalize(environment.getattr(l_1_p, 'isolation')))
                yield '</code>'
            yield '</div>'
        yield '\n</details>\n'
    l_1_loop = l_1_p = l_1_file_failure = l_1_failure = l_1_explained = l_1_problem_title = l_1_anchor = missing
    yield '<footer>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'generated_by', version=(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'grader_version') or (undefined(name='grader_version') if l_0_grader_version is missing else l_0_grader_version)))))
    yield '</footer>\n</body>\n</html>\n'

blocks = {}
debug_info = '2=137&3=142&5=166&6=172&8=186&10=197&11=211&12=215&13=221&17=256&18=262&20=265&21=276&23=287&24=296&26=313&28=332&29=341&31=351&33=361&35=373&38=384&42=418&46=420&48=424&53=431&54=433&55=438&57=444&58=448&59=459&60=476&61=480&63=484&64=489&67=497&69=501&70=503&72=506&73=514&74=518&78=556&80=559&81=566&82=570&83=573&84=579&85=581&86=587&90=595&91=599&92=606&93=608&94=611&95=619&96=633&97=645&99=658&100=671&101=682&102=685&103=695&104=703&106=711&107=713&108=721&109=725&111=731&112=733&113=745&115=748&116=752&120=756&122=759&123=763&124=772&125=774&126=776&127=780&129=786&130=791&132=796&134=800&135=808&136=812&138=815&139=817&140=829&149=846&150=849&152=851&153=854&155=858&156=868&157=876&158=881&160=907&161=909&163=912&165=916&168=920&171=926&172=928&177=935&179=938&180=942&186=950&190=970'
SOURCE_FINGERPRINT = '5d7d3f95a52e3cec351daf73c5ec478e062733e36e43ae75db2a60705a8996f1'
