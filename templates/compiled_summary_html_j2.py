# summary.html.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.presentation.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'summary.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_label = resolve('label')
    l_0_summary = resolve('summary')
    l_0_hist = resolve('hist')
    l_0_grader_version = resolve('grader_version')
    l_0_bins = l_0_bar_width = l_0_plot_height = missing
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
        t_4 = environment.filters['t']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 't' found.")
    try:
        t_5 = environment.filters['urlencode']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'urlencode' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.finalize(('zh-CN' if ((undefined(name='lang') if l_0_lang is missing else l_0_lang) == 'zh') else 'en')))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.title')))
    yield '</title>\n<style>\n'
    template = environment.get_template('report.css', 'summary.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'bar_width': l_0_bar_width, 'bins': l_0_bins, 'plot_height': l_0_plot_height}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '.hist .bar { fill: #0969da; } .hist text { font-size: 11px; fill: #1f2328; } .hist .axis { stroke: #8c959f; }\ntd.part-id { padding-left: 1.5rem; color: #5f6368; }\n</style>\n</head>\n<body>\n<header>\n<h1>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.title')))
    yield '</h1>\n<p>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.counts', total=environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'count'), graded=environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'graded'), failed=environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'failed_count'))))
    yield '</p>\n'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'graded'):
        pass
        yield '<dl class="meta">\n<dt>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.mean')))
        yield '</dt><dd>'
        yield escape(environment.finalize(t_3(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'total'), 'mean'))))
        yield ' / '
        yield escape(environment.finalize(t_3(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'max_score'))))
        yield '</dd>\n<dt>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.stdev')))
        yield '</dt><dd>'
        yield escape(environment.finalize(t_3(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'total'), 'stdev'))))
        yield '</dd>\n<dt>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.min')))
        yield ' – '
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.max')))
        yield '</dt><dd>'
        yield escape(environment.finalize(t_3(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'total'), 'min'))))
        yield ' – '
        yield escape(environment.finalize(t_3(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'total'), 'max'))))
        yield '</dd>\n</dl>\n'
    yield '</header>\n<section>\n<h2>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.histogram')))
    yield '</h2>\n'
    l_0_bins = t_2(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'counts'))
    context.vars['bins'] = l_0_bins
    context.exported_vars.add('bins')
    l_0_bar_width = 48
    context.vars['bar_width'] = l_0_bar_width
    context.exported_vars.add('bar_width')
    l_0_plot_height = 160
    context.vars['plot_height'] = l_0_plot_height
    context.exported_vars.add('plot_height')
    yield '<svg class="hist" width="'
    yield escape(environment.finalize(((40 + ((undefined(name='bins') if l_0_bins is missing else l_0_bins) * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width))) + 10)))
    yield '" height="'
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 48)))
    yield '" viewBox="0 0 '
    yield escape(environment.finalize(((40 + ((undefined(name='bins') if l_0_bins is missing else l_0_bins) * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width))) + 10)))
    yield ' '
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 48)))
    yield '" role="img" aria-label="'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.histogram')))
    yield '">\n<line class="axis" x1="38" y1="18" x2="38" y2="'
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 18)))
    yield '"/>\n<line class="axis" x1="38" y1="'
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 18)))
    yield '" x2="'
    yield escape(environment.finalize((40 + ((undefined(name='bins') if l_0_bins is missing else l_0_bins) * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width)))))
    yield '" y2="'
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 18)))
    yield '"/>\n<text x="2" y="22">'
    yield escape(environment.finalize(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'tallest')))
    yield '</text>\n<text x="2" y="'
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 18)))
    yield '">0</text>\n'
    l_1_loop = missing
    for l_1_count, l_1_loop in LoopContext(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'counts'), undefined):
        l_1_h = missing
        _loop_vars = {}
        pass
        l_1_h = ((((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) * l_1_count) / environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'tallest')) if environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'tallest') else 0)
        _loop_vars['h'] = l_1_h
        yield '<rect class="bar" x="'
        yield escape(environment.finalize(((40 + (environment.getattr(l_1_loop, 'index0') * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width))) + 2)))
        yield '" y="'
        yield escape(environment.finalize((((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 18) - (undefined(name='h') if l_1_h is missing else l_1_h))))
        yield '" width="'
        yield escape(environment.finalize(((undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width) - 4)))
        yield '" height="'
        yield escape(environment.finalize((undefined(name='h') if l_1_h is missing else l_1_h)))
        yield '"><title>'
        yield escape(environment.finalize(t_3(environment.getitem(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'edges'), environment.getattr(l_1_loop, 'index0')))))
        yield '–'
        yield escape(environment.finalize(t_3(environment.getitem(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'edges'), environment.getattr(l_1_loop, 'index')))))
        yield ': '
        yield escape(environment.finalize(l_1_count))
        yield '</title></rect>\n'
        if l_1_count:
            pass
            yield '<text x="'
            yield escape(environment.finalize((((40 + (environment.getattr(l_1_loop, 'index0') * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width))) + ((undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width) / 2)) - 4)))
            yield '" y="'
            yield escape(environment.finalize((((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 14) - (undefined(name='h') if l_1_h is missing else l_1_h))))
            yield '">'
            yield escape(environment.finalize(l_1_count))
            yield '</text>'
        yield '\n<text x="'
        yield escape(environment.finalize((40 + (environment.getattr(l_1_loop, 'index0') * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width)))))
        yield '" y="'
        yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 34)))
        yield '">'
        yield escape(environment.finalize(t_3(environment.getitem(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'edges'), environment.getattr(l_1_loop, 'index0')), 0)))
        yield '</text>\n'
    l_1_loop = l_1_count = l_1_h = missing
    yield '<text x="'
    yield escape(environment.finalize(((40 + ((undefined(name='bins') if l_0_bins is missing else l_0_bins) * (undefined(name='bar_width') if l_0_bar_width is missing else l_0_bar_width))) - 14)))
    yield '" y="'
    yield escape(environment.finalize(((undefined(name='plot_height') if l_0_plot_height is missing else l_0_plot_height) + 46)))
    yield '">'
    yield escape(environment.finalize(t_3(environment.getitem(environment.getattr((undefined(name='hist') if l_0_hist is missing else l_0_hist), 'edges'), -1), 0)))
    yield '</text>\n</svg>\n</section>\n<section>\n<h2>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.per_part')))
    yield '</h2>\n<table>\n<tr><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'problem')))
    yield ' / '
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'part')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'points')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.mean')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.stdev')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.min')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.max')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.count')))
    yield '</th></tr>\n'
    for l_1_p in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'problems'):
        _loop_vars = {}
        pass
        yield '<tr><th>'
        yield escape(environment.finalize(environment.getattr(l_1_p, 'id')))
        yield '</th><td class="num">'
        yield escape(environment.finalize(t_3(environment.getattr(l_1_p, 'max_score'))))
        yield '</td><td class="num">'
        yield escape(environment.finalize(t_3(environment.getattr(l_1_p, 'mean'))))
        yield '</td><td class="num">'
        yield escape(environment.finalize(t_3(environment.getattr(l_1_p, 'stdev'))))
        yield '</td><td class="num">'
        yield escape(environment.finalize(t_3(environment.getattr(l_1_p, 'min'))))
        yield '</td><td class="num">'
        yield escape(environment.finalize(t_3(environment.getattr(l_1_p, 'max'))))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_p, 'count')))
        yield '</td></tr>\n'
        for l_2_part in environment.getattr(l_1_p, 'parts'):
            _loop_vars = {}
            pass
            yield '<tr><td class="part-id">'
            yield escape(environment.finalize(environment.getattr(l_2_part, 'id')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(t_3(environment.getattr(l_2_part, 'max_score'))))
            yield '</td><td class="num">'
            yield escape(environment.finalize(t_3(environment.getattr(l_2_part, 'mean'))))
            yield '</td><td class="num">'
            yield escape(environment.finalize(t_3(environment.getattr(l_2_part, 'stdev'))))
            yield '</td><td class="num">'
            yield escape(environment.finalize(t_3(environment.getattr(l_2_part, 'min'))))
            yield '</td><td class="num">'
            yield escape(environment.finalize(t_3(environment.getattr(l_2_part, 'max'))))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_2_part, 'count')))
            yield '</td></tr>\n'
        l_2_part = missing
    l_1_p = missing
    yield '</table>\n</section>\n<section>\n<h2>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.mistakes')))
    yield '</h2>\n'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'mistakes'):
        pass
        yield '<table>\n<tr><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.mistake')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'problem')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.students')))
        yield '</th></tr>\n'
        for l_1_m in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'mistakes'):
            l_1_mistake_text = resolve('mistake_text')
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(context.call((undefined(name='mistake_text') if l_1_mistake_text is missing else l_1_mistake_text), environment.getattr(l_1_m, 'id'), (undefined(name='lang') if l_0_lang is missing else l_0_lang), environment.getattr(l_1_m, 'problem'), _loop_vars=_loop_vars)))
            yield ' <span class="legend"><code>'
            yield escape(environment.finalize(environment.getattr(l_1_m, 'id')))
            yield '</code></span></td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_m, 'problem')))
            yield ' · '
            yield escape(environment.finalize(environment.getattr(l_1_m, 'part')))
            yield '</td><td class="num" title="'
            yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr(l_1_m, 'students'), ', ')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_m, 'count')))
            yield '</td></tr>\n'
        l_1_m = l_1_mistake_text = missing
        yield '</table>\n'
    else:
        pass
        yield '<p>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.no_mistakes')))
        yield '</p>\n'
    yield '</section>\n<section>\n<h2>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.failed')))
    yield '</h2>\n'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'failed'):
        pass
        yield '<table class="listing">\n<tr><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.name')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.reason')))
        yield '</th></tr>\n'
        for l_1_f in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'failed'):
            _loop_vars = {}
            pass
            yield '<tr class="failed"><td>'
            yield escape(environment.finalize(environment.getattr(l_1_f, 'name')))
            if (environment.getattr(l_1_f, 'source') and (environment.getattr(l_1_f, 'source') != environment.getattr(l_1_f, 'name'))):
                pass
                yield ' <span class="legend">('
                yield escape(environment.finalize(environment.getattr(l_1_f, 'source')))
                yield ')</span>'
            yield '</td><td>'
            yield escape(environment.finalize(t_4(context, environment.getattr(l_1_f, 'reason'))))
            yield '</td></tr>\n'
        l_1_f = missing
        yield '</table>\n'
    else:
        pass
        yield '<p>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.none_failed')))
        yield '</p>\n'
    yield '</section>'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'layouts'):
        pass
        yield '<p>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.layout', layouts=t_1(context.eval_ctx, environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'layouts'), ' + '), items=environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'root'), 'count'), used=environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'root'), 'used'), submissions=environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'root'), 'submissions'), skipped=t_2(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'skipped')))))
        yield '</p>'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'skipped'):
        pass
        yield '<section>\n<h2>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.skipped')))
        yield '</h2>\n<table class="listing">\n<tr><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.item')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.reason')))
        yield '</th></tr>\n'
        for l_1_s in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'skipped'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(l_1_s, 'name')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_s, 'reason')))
            yield '</td></tr>\n'
        l_1_s = missing
        yield '</table>\n</section>\n'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'no_submission'):
        pass
        yield '<section>\n<h2>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.no_submission')))
        yield '</h2>\n<p>'
        yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'no_submission'), ', ')))
        yield '</p>\n</section>\n'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'not_on_roster'):
        pass
        yield '<section>\n<h2>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.not_on_roster')))
        yield '</h2>\n<p>'
        yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'not_on_roster'), ', ')))
        yield '</p>\n</section>\n'
    if environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'manual'):
        pass
        yield '<section>\n<h2>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.manual')))
        yield '</h2>\n<table class="listing">\n<tr><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.name')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.part')))
        yield '</th><th>'
        yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.reason')))
        yield '</th></tr>\n'
        for l_1_m in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'manual'):
            _loop_vars = {}
            pass
            yield '<tr><td><a href="'
            yield escape(environment.finalize(t_5(environment.getattr(l_1_m, 'submission'))))
            yield '/report.html">'
            yield escape(environment.finalize(environment.getattr(l_1_m, 'submission')))
            yield '</a></td><td>'
            yield escape(environment.finalize((environment.getattr(l_1_m, 'problem') or '—')))
            if environment.getattr(l_1_m, 'part'):
                pass
                yield '/'
                yield escape(environment.finalize(environment.getattr(l_1_m, 'part')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_m, 'reason')))
            yield '</td></tr>\n'
        l_1_m = missing
        yield '</table>\n</section>\n'
    yield '<section>\n<h2>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.submissions')))
    yield '</h2>\n<table class="listing">\n<tr><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.name')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'score')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'status')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.adjustments')))
    yield '</th></tr>\n'
    for l_1_s in environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'submissions'):
        _loop_vars = {}
        pass
        yield '<tr class="'
        yield escape(environment.finalize(('failed' if (not environment.getattr(l_1_s, 'has_report')) else 'passed')))
        yield '"><td>'
        if environment.getattr(l_1_s, 'has_report'):
            pass
            yield '<a href="'
            yield escape(environment.finalize(t_5(environment.getattr(l_1_s, 'name'))))
            yield '/report.html">'
            yield escape(environment.finalize(environment.getattr(l_1_s, 'name')))
            yield '</a>'
        else:
            pass
            yield escape(environment.finalize(environment.getattr(l_1_s, 'name')))
        yield '</td><td class="num">'
        if environment.getattr(l_1_s, 'has_report'):
            pass
            yield escape(environment.finalize(t_3(environment.getattr(l_1_s, 'score'))))
            yield ' / '
            yield escape(environment.finalize(t_3(environment.getattr(l_1_s, 'max_score'))))
        yield '</td><td>'
        yield escape(environment.finalize((context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.could_not_grade', _loop_vars=_loop_vars) if (not environment.getattr(l_1_s, 'has_report')) else context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'status.graded', _loop_vars=_loop_vars))))
        yield '</td><td>'
        yield escape(environment.finalize(t_1(context.eval_ctx, (environment.getattr(l_1_s, 'adjustments') or []), '; ')))
        yield '</td></tr>\n'
    l_1_s = missing
    yield '</table>\n</section>\n<footer>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'generated_by', version=(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'grader_version') or (undefined(name='grader_version') if l_0_grader_version is missing else l_0_grader_version)))))
    yield '</footer>\n</body>\n</html>\n'

blocks = {}
debug_info = '3=48&7=50&9=52&16=59&17=61&18=63&20=66&21=72&22=76&27=85&28=87&29=90&30=93&31=97&32=107&33=109&34=115&35=117&36=120&37=124&38=127&39=141&41=151&43=159&47=165&49=167&50=183&51=187&52=201&53=205&59=222&60=224&62=227&63=233&64=238&68=255&72=258&73=260&75=263&76=267&77=271&81=285&85=288&86=293&88=296&90=298&91=302&96=312&98=315&99=317&102=319&104=322&105=324&108=326&110=329&112=331&113=337&119=356&121=358&122=366&123=370&127=395'
SOURCE_FINGERPRINT = '8bd927faa276b990de5f6a876c9e65df5547d74ec29030bfc4ded8b075f63665'
