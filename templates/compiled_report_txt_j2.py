# report.txt.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.presentation.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_label = resolve('label')
    l_0_colon = resolve('colon')
    l_0_result = resolve('result')
    l_0_lang = resolve('lang')
    l_0_protections = resolve('protections')
    l_0_d = resolve('d')
    l_0_weaker = resolve('weaker')
    l_0_lost_points = resolve('lost_points')
    l_0_repeated_failures = resolve('repeated_failures')
    l_0_file_failure = resolve('file_failure')
    l_0_part_title = resolve('part_title')
    l_0_zip = resolve('zip')
    l_0_says_math = resolve('says_math')
    l_0_failed_check_groups = resolve('failed_check_groups')
    l_0_new_inputs = resolve('new_inputs')
    l_0_first_key = resolve('first_key')
    l_0_largest_difference = resolve('largest_difference')
    l_0_array_difference = resolve('array_difference')
    l_0_mistake_text = resolve('mistake_text')
    l_0_open_ = l_0_sep = l_0_close = l_0_idw = l_0_lost = l_0_part_lines = l_0_repeats = l_0_at = l_0_helpers = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_3 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_4 = environment.filters['max']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'max' found.")
    try:
        t_5 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_6 = environment.filters['pad']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'pad' found.")
    try:
        t_7 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    try:
        t_8 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_9 = environment.filters['t']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 't' found.")
    try:
        t_10 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'report.title')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'submission')))
    yield '\n'
    (l_0_open_, l_0_sep, l_0_close) = (('（', '；', '）') if ((undefined(name='lang') if l_0_lang is missing else l_0_lang) == 'zh') else ('(', '; ', ')'))
    context.vars.update({'close': l_0_close, 'open_': l_0_open_, 'sep': l_0_sep})
    context.exported_vars.update(('close', 'open_', 'sep'))
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'total')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize(t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'score'))))
    yield ' / '
    yield str(environment.finalize(t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'max_score'))))
    yield '   '
    yield str(environment.finalize((undefined(name='open_') if l_0_open_ is missing else l_0_open_)))
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'seed')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'seed')))
    yield str(environment.finalize((undefined(name='sep') if l_0_sep is missing else l_0_sep)))
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize((environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation') or context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation.none'))))
    yield str(environment.finalize((undefined(name='close') if l_0_close is missing else l_0_close)))
    yield '\n'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation_details'):
        pass
        (l_0_d, l_0_weaker) = context.call((undefined(name='protections') if l_0_protections is missing else l_0_protections), environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation_details'))
        context.vars.update({'d': l_0_d, 'weaker': l_0_weaker})
        context.exported_vars.update(('d', 'weaker'))
        yield str(environment.finalize((undefined(name='d') if l_0_d is missing else l_0_d)))
        yield '\n'
        for l_1_w in (undefined(name='weaker') if l_0_weaker is missing else l_0_weaker):
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'protections.weaker', _loop_vars=_loop_vars)))
            yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
            yield str(environment.finalize(l_1_w))
            yield '\n'
        l_1_w = missing
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error'):
        pass
        yield '!! '
        yield str(environment.finalize(t_9(context, environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error'))))
        yield '\n'
    for l_1_n in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'notes'):
        _loop_vars = {}
        pass
        yield '!! '
        yield str(environment.finalize(t_9(context, l_1_n)))
        yield '\n'
    l_1_n = missing
    l_0_idw = t_4(environment, ([18] + t_2(context.eval_ctx, t_3(context, t_3(context, environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'problems'), attribute='id'), 'length'))))
    context.vars['idw'] = l_0_idw
    context.exported_vars.add('idw')
    l_0_lost = context.call((undefined(name='lost_points') if l_0_lost_points is missing else l_0_lost_points), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['lost'] = l_0_lost
    context.exported_vars.add('lost')
    if (undefined(name='lost') if l_0_lost is missing else l_0_lost):
        pass
        yield '\n'
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'where_points_went')))
        yield str(environment.finalize(t_10((undefined(name='colon') if l_0_colon is missing else l_0_colon))))
        yield '\n'
        for l_1_item in (undefined(name='lost') if l_0_lost is missing else l_0_lost):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(t_6(t_1(context.eval_ctx, environment.getattr(l_1_item, 'problem_ids'), ', '), (undefined(name='idw') if l_0_idw is missing else l_0_idw))))
            yield ' '
            yield str(environment.finalize(t_6(environment.getattr(l_1_item, 'part_title'), 20)))
            yield ' '
            yield str(environment.finalize(t_6(str_join(('-', t_5(environment.getattr(l_1_item, 'points')), )), 6, True)))
            yield '  '
            yield str(environment.finalize(environment.getattr(l_1_item, 'reason')))
            yield '\n'
        l_1_item = missing
    included_template = environment.get_template('report_part.txt.j2', 'report.txt.j2').make_module(context.get_all(), True, {'at': l_0_at, 'close': l_0_close, 'd': l_0_d, 'helpers': l_0_helpers, 'idw': l_0_idw, 'lost': l_0_lost, 'open_': l_0_open_, 'part_lines': l_0_part_lines, 'repeats': l_0_repeats, 'sep': l_0_sep, 'weaker': l_0_weaker})
    l_0_part_lines = getattr(included_template, 'part_lines', missing)
    if l_0_part_lines is missing:
        l_0_part_lines = undefined(f"the template {included_template.__name__!r} (imported on line 25 in 'report.txt.j2') does not export the requested name 'part_lines'", name='part_lines')
    context.vars['part_lines'] = l_0_part_lines
    context.exported_vars.discard('part_lines')
    l_0_repeats = context.call((undefined(name='repeated_failures') if l_0_repeated_failures is missing else l_0_repeated_failures), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['repeats'] = l_0_repeats
    context.exported_vars.add('repeats')
    l_0_at = '  '
    context.vars['at'] = l_0_at
    context.exported_vars.add('at')
    l_0_helpers = ((undefined(name='file_failure') if l_0_file_failure is missing else l_0_file_failure), (undefined(name='part_title') if l_0_part_title is missing else l_0_part_title), (undefined(name='zip') if l_0_zip is missing else l_0_zip), (undefined(name='says_math') if l_0_says_math is missing else l_0_says_math), (undefined(name='failed_check_groups') if l_0_failed_check_groups is missing else l_0_failed_check_groups), (undefined(name='new_inputs') if l_0_new_inputs is missing else l_0_new_inputs), (undefined(name='first_key') if l_0_first_key is missing else l_0_first_key), (undefined(name='largest_difference') if l_0_largest_difference is missing else l_0_largest_difference), (undefined(name='array_difference') if l_0_array_difference is missing else l_0_array_difference), (undefined(name='mistake_text') if l_0_mistake_text is missing else l_0_mistake_text))
    context.vars['helpers'] = l_0_helpers
    context.exported_vars.add('helpers')
    for l_1_p in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'problems'):
        l_1_failure = l_1_explained = missing
        _loop_vars = {}
        pass
        l_1_failure = context.call((undefined(name='file_failure') if l_0_file_failure is missing else l_0_file_failure), l_1_p, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars)
        _loop_vars['failure'] = l_1_failure
        l_1_explained = (environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'parts') if (undefined(name='failure') if l_1_failure is missing else l_1_failure) else [])
        _loop_vars['explained'] = l_1_explained
        yield '\n'
        yield str(environment.finalize(t_6(environment.getattr(l_1_p, 'id'), (undefined(name='idw') if l_0_idw is missing else l_0_idw))))
        yield ' '
        yield str(environment.finalize(t_6(t_5(environment.getattr(l_1_p, 'score')), 6, True)))
        yield ' / '
        yield str(environment.finalize(t_6(t_5(environment.getattr(l_1_p, 'max_score')), 4)))
        yield ' '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), str_join(('status.', environment.getattr(l_1_p, 'status'), )), _loop_vars=_loop_vars)))
        yield '\n'
        if (environment.getattr(l_1_p, 'error') and (environment.getattr(l_1_p, 'id') in (undefined(name='repeats') if l_0_repeats is missing else l_0_repeats))):
            pass
            yield '    '
            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'same_failure', problem=environment.getitem((undefined(name='repeats') if l_0_repeats is missing else l_0_repeats), environment.getattr(l_1_p, 'id')), reason=t_8(t_9(context, environment.getattr(l_1_p, 'error'))), _loop_vars=_loop_vars)))
            yield '\n'
        elif environment.getattr(l_1_p, 'error'):
            pass
            yield '    '
            yield str(environment.finalize(t_9(context, environment.getattr(l_1_p, 'error'))))
            yield '\n'
            for l_2_latex in environment.getattr(environment.getattr(l_1_p, 'error'), 'math'):
                _loop_vars = {}
                pass
                yield '        '
                yield str(environment.finalize(l_2_latex))
                yield '\n'
            l_2_latex = missing
            if (undefined(name='explained') if l_1_explained is missing else l_1_explained):
                pass
                yield '    '
                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'affected', names=t_1(context.eval_ctx, environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'titles'), ', '), _loop_vars=_loop_vars)))
                yield '\n'
        yield str(environment.finalize(t_7(context.call((undefined(name='part_lines') if l_0_part_lines is missing else l_0_part_lines), l_1_p, environment.getattr(l_1_p, 'parts'), (undefined(name='failure') if l_1_failure is missing else l_1_failure), (undefined(name='explained') if l_1_explained is missing else l_1_explained), (undefined(name='at') if l_0_at is missing else l_0_at), _loop_vars=_loop_vars))))
    l_1_p = l_1_failure = l_1_explained = missing

blocks = {}
debug_info = '4=91&5=95&6=98&7=114&8=121&9=130&10=133&12=135&13=139&16=142&17=145&18=148&20=151&21=154&22=158&25=167&26=173&27=176&30=179&31=182&32=186&33=188&35=191&36=199&37=202&38=204&39=207&40=209&41=213&43=216&44=219&48=221'
SOURCE_FINGERPRINT = 'cd8e1234cd55ce600c2a51ab8ac00e53ea9998d7744fd0e18637829eb2ae5c46'
