# report.txt.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.template_compiler`, do not edit.
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
    l_0_open_ = l_0_sep = l_0_close = l_0_idw = l_0_lost = l_0_repeats = l_0_helpers = missing
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
        t_5 = environment.filters['nobreaks']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'nobreaks' found.")
    try:
        t_6 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_7 = environment.filters['pad']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'pad' found.")
    try:
        t_8 = environment.filters['point']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'point' found.")
    try:
        t_9 = environment.filters['relation']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'relation' found.")
    try:
        t_10 = environment.filters['sentences']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'sentences' found.")
    try:
        t_11 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_12 = environment.filters['t']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 't' found.")
    try:
        t_13 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_14 = environment.tests['false']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No test named 'false' found.")
    try:
        t_15 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
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
    yield str(environment.finalize(t_6(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'score'))))
    yield ' / '
    yield str(environment.finalize(t_6(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'max_score'))))
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
        yield str(environment.finalize(t_12(context, environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error'))))
        yield '\n'
    for l_1_n in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'notes'):
        _loop_vars = {}
        pass
        yield '!! '
        yield str(environment.finalize(t_12(context, l_1_n)))
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
        yield str(environment.finalize(t_13((undefined(name='colon') if l_0_colon is missing else l_0_colon))))
        yield '\n'
        for l_1_item in (undefined(name='lost') if l_0_lost is missing else l_0_lost):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(t_7(t_1(context.eval_ctx, environment.getattr(l_1_item, 'problem_ids'), ', '), (undefined(name='idw') if l_0_idw is missing else l_0_idw))))
            yield ' '
            yield str(environment.finalize(t_7(environment.getattr(l_1_item, 'part_title'), 20)))
            yield ' '
            yield str(environment.finalize(t_7(str_join(('-', t_6(environment.getattr(l_1_item, 'points')), )), 6, True)))
            yield '  '
            yield str(environment.finalize(environment.getattr(l_1_item, 'reason')))
            yield '\n'
        l_1_item = missing
    l_0_repeats = context.call((undefined(name='repeated_failures') if l_0_repeated_failures is missing else l_0_repeated_failures), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['repeats'] = l_0_repeats
    context.exported_vars.add('repeats')
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
        yield str(environment.finalize(t_7(environment.getattr(l_1_p, 'id'), (undefined(name='idw') if l_0_idw is missing else l_0_idw))))
        yield ' '
        yield str(environment.finalize(t_7(t_6(environment.getattr(l_1_p, 'score')), 6, True)))
        yield ' / '
        yield str(environment.finalize(t_7(t_6(environment.getattr(l_1_p, 'max_score')), 4)))
        yield ' '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), str_join(('status.', environment.getattr(l_1_p, 'status'), )), _loop_vars=_loop_vars)))
        yield '\n'
        if (environment.getattr(l_1_p, 'error') and (environment.getattr(l_1_p, 'id') in (undefined(name='repeats') if l_0_repeats is missing else l_0_repeats))):
            pass
            yield '    '
            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'same_failure', problem=environment.getitem((undefined(name='repeats') if l_0_repeats is missing else l_0_repeats), environment.getattr(l_1_p, 'id')), reason=t_11(t_12(context, environment.getattr(l_1_p, 'error'))), _loop_vars=_loop_vars)))
            yield '\n'
        elif environment.getattr(l_1_p, 'error'):
            pass
            yield '    '
            yield str(environment.finalize(t_12(context, environment.getattr(l_1_p, 'error'))))
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
        def t_16(fiter):
            for l_2_part in fiter:
                if (environment.getattr(l_2_part, 'id') not in (undefined(name='explained') if l_1_explained is missing else l_1_explained)):
                    yield l_2_part
        for l_2_part in t_16(environment.getattr(l_1_p, 'parts')):
            l_2_said = resolve('said')
            l_2_math_shown = resolve('math_shown')
            _loop_vars = {}
            pass
            yield '  '
            yield str(environment.finalize(t_7(context.call((undefined(name='part_title') if l_0_part_title is missing else l_0_part_title), l_2_part, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars), 22)))
            yield ' '
            yield str(environment.finalize(t_7(t_6(environment.getattr(l_2_part, 'score')), 6, True)))
            yield ' / '
            yield str(environment.finalize(t_6(environment.getattr(l_2_part, 'max_score'))))
            yield '\n'
            if (environment.getattr(l_2_part, 'score') < environment.getattr(l_2_part, 'max_score')):
                pass
                if (not t_15(environment.getattr(l_2_part, 'student_answer'))):
                    pass
                    yield '      '
                    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'your_answer', _loop_vars=_loop_vars)))
                    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                    yield str(environment.finalize(environment.getattr(l_2_part, 'student_answer')))
                    yield '\n'
                l_2_said = t_10(context, environment.getattr(l_2_part, 'feedback'))
                _loop_vars['said'] = l_2_said
                for (l_3_message, l_3_sentence) in context.call((undefined(name='zip') if l_0_zip is missing else l_0_zip), environment.getattr(l_2_part, 'feedback'), (undefined(name='said') if l_2_said is missing else l_2_said), _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    yield '      - '
                    yield str(environment.finalize(l_3_sentence))
                    yield '\n'
                    for l_4_latex in environment.getattr(l_3_message, 'math'):
                        _loop_vars = {}
                        pass
                        yield '          '
                        yield str(environment.finalize(l_4_latex))
                        yield '\n'
                    l_4_latex = missing
                l_3_message = l_3_sentence = missing
                l_2_math_shown = context.call((undefined(name='says_math') if l_0_says_math is missing else l_0_says_math), environment.getattr(l_2_part, 'feedback'), _loop_vars=_loop_vars)
                _loop_vars['math_shown'] = l_2_math_shown
                def t_17(fiter):
                    for l_3_line in fiter:
                        if (environment.getattr(l_3_line, 'number') == environment.getattr(l_2_part, 'invalid_line')):
                            yield l_3_line
                for l_3_line in t_17(environment.getattr(l_2_part, 'lines')):
                    _loop_vars = {}
                    pass
                    yield '      '
                    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'first_invalid', number=environment.getattr(l_3_line, 'number'), _loop_vars=_loop_vars)))
                    if (not (undefined(name='math_shown') if l_2_math_shown is missing else l_2_math_shown)):
                        pass
                        yield ': '
                        yield str(environment.finalize(environment.getattr(l_3_line, 'source')))
                    yield '\n'
                    if (not (undefined(name='said') if l_2_said is missing else l_2_said)):
                        pass
                        if environment.getattr(l_3_line, 'error'):
                            pass
                            yield '        '
                            yield str(environment.finalize(t_12(context, environment.getattr(l_3_line, 'error'))))
                            yield '\n'
                        def t_18(fiter):
                            for l_4_link in fiter:
                                if t_14(environment.getattr(l_4_link, 'valid')):
                                    yield l_4_link
                        for l_4_link in t_18(environment.getattr(l_3_line, 'links')):
                            _loop_vars = {}
                            pass
                            yield '        ✗ '
                            yield str(environment.finalize(environment.getattr(l_4_link, 'left')))
                            yield ' '
                            yield str(environment.finalize(t_9(environment.getattr(l_4_link, 'relation'))))
                            yield ' '
                            yield str(environment.finalize(environment.getattr(l_4_link, 'right')))
                            if environment.getattr(l_4_link, 'reason'):
                                pass
                                yield ': '
                                yield str(environment.finalize(t_12(context, environment.getattr(l_4_link, 'reason'))))
                            yield '\n'
                            if environment.getattr(l_4_link, 'counterexample'):
                                pass
                                yield '          '
                                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample', _loop_vars=_loop_vars)))
                                yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                                yield str(environment.finalize(t_8(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'point'))))
                                yield '; '
                                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.left', _loop_vars=_loop_vars)))
                                yield ' = '
                                yield str(environment.finalize(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'left')))
                                yield ', '
                                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.right', _loop_vars=_loop_vars)))
                                yield ' = '
                                yield str(environment.finalize(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'right')))
                                yield '\n'
                        l_4_link = missing
                l_3_line = missing
                for (l_3_checks, l_3_reason) in context.call((undefined(name='failed_check_groups') if l_0_failed_check_groups is missing else l_0_failed_check_groups), l_2_part, _loop_vars=_loop_vars):
                    l_3_explained_by_failure = missing
                    _loop_vars = {}
                    pass
                    yield '      ✗ '
                    yield str(environment.finalize(t_1(context.eval_ctx, t_10(context, l_3_checks, 'name'), '; ')))
                    if (l_3_reason and (not ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (l_3_reason == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence'))))):
                        pass
                        yield ': '
                        yield str(environment.finalize(l_3_reason))
                    yield '\n'
                    l_3_explained_by_failure = ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (l_3_reason == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence')))
                    _loop_vars['explained_by_failure'] = l_3_explained_by_failure
                    for (l_4_check, l_4_inputs_new) in context.call((undefined(name='zip') if l_0_zip is missing else l_0_zip), l_3_checks, context.call((undefined(name='new_inputs') if l_0_new_inputs is missing else l_0_new_inputs), l_3_checks, _loop_vars=_loop_vars), _loop_vars=_loop_vars):
                        l_4_first = resolve('first')
                        l_4_largest = missing
                        _loop_vars = {}
                        pass
                        if (l_4_inputs_new and (not (undefined(name='explained_by_failure') if l_3_explained_by_failure is missing else l_3_explained_by_failure))):
                            pass
                            yield '        '
                            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'inputs', _loop_vars=_loop_vars)))
                            yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                            l_4_first = context.call((undefined(name='first_key') if l_0_first_key is missing else l_0_first_key), environment.getattr(l_4_check, 'inputs'), _loop_vars=_loop_vars)
                            _loop_vars['first'] = l_4_first
                            for (l_5_k, l_5_v) in context.call(environment.getattr(environment.getattr(l_4_check, 'inputs'), 'items'), _loop_vars=_loop_vars):
                                _loop_vars = {}
                                pass
                                if (l_5_k != (undefined(name='first') if l_4_first is missing else l_4_first)):
                                    pass
                                    yield '; '
                                yield str(environment.finalize(l_5_k))
                                yield ' = '
                                yield str(environment.finalize(t_5(l_5_v)))
                            l_5_k = l_5_v = missing
                            yield '\n'
                        l_4_largest = context.call((undefined(name='largest_difference') if l_0_largest_difference is missing else l_0_largest_difference), context.call((undefined(name='array_difference') if l_0_array_difference is missing else l_0_array_difference), environment.getattr(l_4_check, 'expected'), environment.getattr(l_4_check, 'got'), _loop_vars=_loop_vars), _loop_vars=_loop_vars)
                        _loop_vars['largest'] = l_4_largest
                        if (undefined(name='largest') if l_4_largest is missing else l_4_largest):
                            pass
                            yield '        '
                            yield str(environment.finalize((undefined(name='largest') if l_4_largest is missing else l_4_largest)))
                            yield '\n'
                    l_4_check = l_4_inputs_new = l_4_first = l_4_largest = missing
                l_3_checks = l_3_reason = l_3_explained_by_failure = missing
                for l_3_mistake in environment.getattr(l_2_part, 'mistakes'):
                    l_3_sentence = missing
                    _loop_vars = {}
                    pass
                    l_3_sentence = context.call((undefined(name='mistake_text') if l_0_mistake_text is missing else l_0_mistake_text), l_3_mistake, (undefined(name='lang') if l_0_lang is missing else l_0_lang), environment.getattr(l_1_p, 'id'), _loop_vars=_loop_vars)
                    _loop_vars['sentence'] = l_3_sentence
                    if ((undefined(name='sentence') if l_3_sentence is missing else l_3_sentence) not in (undefined(name='said') if l_2_said is missing else l_2_said)):
                        pass
                        yield '      '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'mistakes', _loop_vars=_loop_vars)))
                        yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        yield str(environment.finalize((undefined(name='sentence') if l_3_sentence is missing else l_3_sentence)))
                        yield '\n'
                l_3_mistake = l_3_sentence = missing
        l_2_part = l_2_said = l_2_math_shown = missing
    l_1_p = l_1_failure = l_1_explained = missing

blocks = {}
debug_info = '4=121&5=125&6=128&7=144&8=151&9=160&10=163&12=165&13=169&16=172&17=175&18=178&20=181&21=184&22=188&25=197&28=200&29=203&30=207&31=209&33=212&34=220&35=223&36=225&37=228&38=230&39=234&41=237&42=240&45=242&46=252&47=258&48=260&49=263&51=267&52=269&53=273&54=275&55=279&58=283&59=285&60=293&62=299&63=301&64=304&66=306&67=314&69=324&70=327&75=341&76=346&78=352&79=354&80=359&81=362&84=377&85=379&86=382&90=386&91=390&92=392&93=395'
SOURCE_FINGERPRINT = '3a7925b35deee38b011d7005b8cc2658fde5d670878d721b0861b1665b7b7627'
