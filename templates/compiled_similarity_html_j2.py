# similarity.html.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.presentation.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'similarity.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0_label = resolve('label')
    l_0_count = resolve('count')
    l_0_pairs = resolve('pairs')
    l_0_grader_version = resolve('grader_version')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.finalize(('zh-CN' if ((undefined(name='lang') if l_0_lang is missing else l_0_lang) == 'zh') else 'en')))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.title')))
    yield '</title>\n<style>\n'
    template = environment.get_template('report.css', 'similarity.html.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '.sbs { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }\n.sbs pre { margin: 0; overflow-x: auto; font-size: 12px; }\n.sbs .match { background: #fff3b0; }\n.sbs .num { color: #8c959f; user-select: none; }\n</style>\n</head>\n<body>\n<header>\n<h1>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.title')))
    yield '</h1>\n<p>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.counts', count=(undefined(name='count') if l_0_count is missing else l_0_count), pairs=t_3((undefined(name='pairs') if l_0_pairs is missing else l_0_pairs)))))
    yield '</p>\n<p class="legend">'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.method')))
    yield '</p>\n</header>\n<section>\n<table class="listing">\n<tr><th>#</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.name')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'summary.name')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.code')))
    yield '</th><th>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.derivations')))
    yield '</th></tr>\n'
    l_1_loop = missing
    for l_1_item, l_1_loop in LoopContext((undefined(name='pairs') if l_0_pairs is missing else l_0_pairs), undefined):
        l_1_p = missing
        _loop_vars = {}
        pass
        l_1_p = environment.getattr(l_1_item, 'pair')
        _loop_vars['p'] = l_1_p
        yield '<tr><td><a href="#pair-'
        yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '">'
        yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '</a></td><td>'
        yield escape(environment.finalize(environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'left')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'right')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(t_2(t_4((environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'code') * 100)))))
        yield '%</td><td class="num">'
        yield escape(environment.finalize(t_2(t_4((environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'derivations') * 100)))))
        yield '%</td></tr>\n'
    l_1_loop = l_1_item = l_1_p = missing
    yield '</table>\n</section>\n'
    l_1_loop = missing
    for l_1_item, l_1_loop in LoopContext((undefined(name='pairs') if l_0_pairs is missing else l_0_pairs), undefined):
        l_1_p = missing
        _loop_vars = {}
        pass
        l_1_p = environment.getattr(l_1_item, 'pair')
        _loop_vars['p'] = l_1_p
        yield '<section id="pair-'
        yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '">\n<h2>'
        yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '. '
        yield escape(environment.finalize(environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'left')))
        yield ' · '
        yield escape(environment.finalize(environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'right')))
        yield '</h2>\n'
        for l_2_view in environment.getattr(l_1_item, 'views'):
            _loop_vars = {}
            pass
            yield '<h3><code>'
            yield escape(environment.finalize(environment.getattr(l_2_view, 'file')))
            yield '</code></h3>\n<div class="sbs">\n'
            for l_3_side in (environment.getattr(l_2_view, 'left'), environment.getattr(l_2_view, 'right')):
                _loop_vars = {}
                pass
                yield '<pre>'
                for l_4_line in l_3_side:
                    _loop_vars = {}
                    pass
                    yield '<span class="'
                    yield escape(environment.finalize(('match' if environment.getattr(l_4_line, 'match') else '')))
                    yield '"><span class="num">'
                    yield escape(environment.finalize(t_1('%4d', environment.getattr(l_4_line, 'number'))))
                    yield '</span> '
                    yield escape(environment.finalize(environment.getattr(l_4_line, 'text')))
                    yield '</span>\n'
                l_4_line = missing
                yield '</pre>\n'
            l_3_side = missing
            yield '</div>\n'
        l_2_view = missing
        if environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'shared_lines'):
            pass
            yield '<h3>'
            yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'similarity.shared_lines', _loop_vars=_loop_vars)))
            yield '</h3>\n<div class="sbs">\n<pre>'
            for (l_2_a, l_2_b) in environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'shared_lines'):
                _loop_vars = {}
                pass
                yield '<span class="match">'
                yield escape(environment.finalize(l_2_a))
                yield '</span>\n'
            l_2_a = l_2_b = missing
            yield '</pre>\n<pre>'
            for (l_2_a, l_2_b) in environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'shared_lines'):
                _loop_vars = {}
                pass
                yield '<span class="match">'
                yield escape(environment.finalize(l_2_b))
                yield '</span>\n'
            l_2_a = l_2_b = missing
            yield '</pre>\n</div>\n'
        yield '</section>\n'
    l_1_loop = l_1_item = l_1_p = missing
    yield '<footer>'
    yield escape(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'generated_by', version=(undefined(name='grader_version') if l_0_grader_version is missing else l_0_grader_version))))
    yield '</footer>\n</body>\n</html>\n'

blocks = {}
debug_info = '3=41&7=43&9=45&18=52&19=54&20=56&24=58&25=67&26=74&30=89&31=96&32=98&33=104&34=108&36=110&41=129&42=132&44=134&46=142&52=153'
SOURCE_FINGERPRINT = 'b958e0d38e09c2d9a63725b61ccd38f5e35bb03fb49f7a21fa73b32667bbe36f'
