# report.md.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.presentation.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_label = resolve('label')
    l_0_colon = resolve('colon')
    l_0_result = resolve('result')
    l_0_lost_points = resolve('lost_points')
    l_0_lang = resolve('lang')
    l_0_repeated_failures = resolve('repeated_failures')
    l_0_grader_version = resolve('grader_version')
    l_0_protections = resolve('protections')
    l_0_d = resolve('d')
    l_0_weaker = resolve('weaker')
    l_0_lost = l_0_repeats = missing
    try:
        t_1 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['mdmath']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'mdmath' found.")
    try:
        t_4 = environment.filters['mdtext']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'mdtext' found.")
    try:
        t_5 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_6 = environment.filters['point']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'point' found.")
    try:
        t_7 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_8 = environment.filters['shape']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'shape' found.")
    try:
        t_9 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_10 = environment.filters['t']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 't' found.")
    try:
        t_11 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    try:
        t_12 = environment.tests['false']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No test named 'false' found.")
    try:
        t_13 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '# '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'report.title')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize(t_1(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'submission'))))
    yield '\n\n**'
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'total')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize(t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'score'))))
    yield ' / '
    yield str(environment.finalize(t_5(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'max_score'))))
    yield '**\n\n'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error'):
        pass
        yield '> '
        yield str(environment.finalize(t_4(t_10(context, environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'error')))))
        yield '\n\n'
    for l_1_n in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'notes'):
        _loop_vars = {}
        pass
        yield '> '
        yield str(environment.finalize(t_4(t_10(context, l_1_n))))
        yield '\n\n'
    l_1_n = missing
    l_0_lost = context.call((undefined(name='lost_points') if l_0_lost_points is missing else l_0_lost_points), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['lost'] = l_0_lost
    context.exported_vars.add('lost')
    yield '## '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'where_points_went')))
    yield '\n\n'
    if (undefined(name='lost') if l_0_lost is missing else l_0_lost):
        pass
        yield '| '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'problem')))
        yield ' | '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'part')))
        yield ' | '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'lost')))
        yield ' | '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'why')))
        yield ' |\n|---|---|---:|---|\n'
        for l_1_item in (undefined(name='lost') if l_0_lost is missing else l_0_lost):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(t_2(context.eval_ctx, environment.getattr(l_1_item, 'problem_ids'), ', ')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_item, 'part_title')))
            yield ' | −'
            yield str(environment.finalize(t_5(environment.getattr(l_1_item, 'points'))))
            yield ' | '
            yield str(environment.finalize(t_4(environment.getattr(l_1_item, 'reason'))))
            yield ' |\n'
        l_1_item = missing
    else:
        pass
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'nothing_lost')))
        yield '\n'
    yield '\n| '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'problem')))
    yield ' | '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'score')))
    yield ' | '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'status')))
    yield ' |\n|---|---:|---|\n'
    for l_1_p in environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'problems'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_p, 'id')))
        yield ' | '
        yield str(environment.finalize(t_5(environment.getattr(l_1_p, 'score'))))
        yield ' / '
        yield str(environment.finalize(t_5(environment.getattr(l_1_p, 'max_score'))))
        yield ' | '
        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), str_join(('status.', environment.getattr(l_1_p, 'status'), )), _loop_vars=_loop_vars)))
        yield ' |\n'
    l_1_p = missing
    l_0_repeats = context.call((undefined(name='repeated_failures') if l_0_repeated_failures is missing else l_0_repeated_failures), (undefined(name='result') if l_0_result is missing else l_0_result), (undefined(name='lang') if l_0_lang is missing else l_0_lang))
    context.vars['repeats'] = l_0_repeats
    context.exported_vars.add('repeats')
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'problems'), undefined):
        l_1_problem_title = resolve('problem_title')
        l_1_file_failure = resolve('file_failure')
        l_1_failure = l_1_explained = missing
        _loop_vars = {}
        pass
        yield '\n## '
        yield str(environment.finalize(environment.getattr(l_1_p, 'id')))
        yield ' — '
        yield str(environment.finalize(t_4(context.call((undefined(name='problem_title') if l_1_problem_title is missing else l_1_problem_title), l_1_p, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars))))
        yield ' ('
        yield str(environment.finalize(t_5(environment.getattr(l_1_p, 'score'))))
        yield ' / '
        yield str(environment.finalize(t_5(environment.getattr(l_1_p, 'max_score'))))
        yield ')\n\n'
        l_1_failure = context.call((undefined(name='file_failure') if l_1_file_failure is missing else l_1_file_failure), l_1_p, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars)
        _loop_vars['failure'] = l_1_failure
        l_1_explained = (environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'parts') if (undefined(name='failure') if l_1_failure is missing else l_1_failure) else [])
        _loop_vars['explained'] = l_1_explained
        if (environment.getattr(l_1_p, 'error') and (environment.getattr(l_1_p, 'id') in (undefined(name='repeats') if l_0_repeats is missing else l_0_repeats))):
            pass
            yield '> '
            yield str(environment.finalize(t_4(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'same_failure', problem=environment.getitem((undefined(name='repeats') if l_0_repeats is missing else l_0_repeats), environment.getattr(l_1_p, 'id')), reason=t_9(t_10(context, environment.getattr(l_1_p, 'error'))), _loop_vars=_loop_vars))))
            yield '\n'
        elif environment.getattr(l_1_p, 'error'):
            pass
            yield '> '
            yield str(environment.finalize(t_4(t_10(context, environment.getattr(l_1_p, 'error')))))
            yield '\n'
            if (undefined(name='explained') if l_1_explained is missing else l_1_explained):
                pass
                yield '>\n> '
                yield str(environment.finalize(t_4(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'affected', names=t_2(context.eval_ctx, environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'titles'), ', '), _loop_vars=_loop_vars))))
                yield '\n'
            yield '\n'
        def t_14(fiter):
            for l_2_part in fiter:
                if (environment.getattr(l_2_part, 'id') not in (undefined(name='explained') if l_1_explained is missing else l_1_explained)):
                    yield l_2_part
        l_2_loop = missing
        for l_2_part, l_2_loop in LoopContext(t_14(environment.getattr(l_1_p, 'parts')), undefined):
            l_2_part_title = resolve('part_title')
            l_2_mistake_sentences = missing
            _loop_vars = {}
            pass
            yield '### '
            yield str(environment.finalize(context.call((undefined(name='part_title') if l_2_part_title is missing else l_2_part_title), l_2_part, (undefined(name='lang') if l_0_lang is missing else l_0_lang), _loop_vars=_loop_vars)))
            yield ': '
            yield str(environment.finalize(t_5(environment.getattr(l_2_part, 'score'))))
            yield ' / '
            yield str(environment.finalize(t_5(environment.getattr(l_2_part, 'max_score'))))
            yield '\n\n'
            if (not t_13(environment.getattr(l_2_part, 'student_answer'))):
                pass
                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'your_answer', _loop_vars=_loop_vars)))
                yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                yield str(environment.finalize(t_3(context, environment.getattr(l_2_part, 'student_answer'))))
                yield '\n\n'
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
            for l_3_sentence in (undefined(name='mistake_sentences') if l_2_mistake_sentences is missing else l_2_mistake_sentences):
                _loop_vars = {}
                pass
                yield '- **'
                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'mistakes', _loop_vars=_loop_vars)))
                yield str(environment.finalize(t_11((undefined(name='colon') if l_0_colon is missing else l_0_colon))))
                yield '** '
                yield str(environment.finalize(t_4(l_3_sentence)))
                yield '\n'
            l_3_sentence = missing
            def t_15(fiter):
                l_3_said_at_the_line = resolve('said_at_the_line')
                for l_3_m in fiter:
                    if (((t_10(context, l_3_m) not in (undefined(name='mistake_sentences') if l_2_mistake_sentences is missing else l_2_mistake_sentences)) and (not ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (t_10(context, l_3_m) == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence'))))) and (not (environment.getattr(l_2_part, 'lines') and (environment.getattr(l_3_m, 'key') in (undefined(name='said_at_the_line') if l_3_said_at_the_line is missing else l_3_said_at_the_line))))):
                        yield l_3_m
            for l_3_m in t_15(environment.getattr(l_2_part, 'feedback')):
                _loop_vars = {}
                pass
                yield '- '
                yield str(environment.finalize(t_4(t_10(context, l_3_m))))
                yield '\n'
                for l_4_latex in environment.getattr(l_3_m, 'math'):
                    _loop_vars = {}
                    pass
                    yield '\n  '
                    yield str(environment.finalize(t_3(context, l_4_latex, True)))
                    yield '\n\n'
                l_4_latex = missing
            l_3_m = missing
            if (environment.getattr(l_2_part, 'feedback') or environment.getattr(l_2_part, 'mistakes')):
                pass
                yield '\n'
            if environment.getattr(l_2_part, 'lines'):
                pass
                l_3_loop = missing
                for l_3_line, l_3_loop in LoopContext(environment.getattr(l_2_part, 'lines'), undefined):
                    _loop_vars = {}
                    pass
                    if environment.getattr(l_3_line, 'error'):
                        pass
                        yield str(environment.finalize(environment.getattr(l_3_line, 'number')))
                        yield '. ✗ '
                        yield str(environment.finalize(t_1(environment.getattr(l_3_line, 'source'))))
                        yield ' — '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'line_error', _loop_vars=_loop_vars)))
                        yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        yield str(environment.finalize(t_4(t_10(context, environment.getattr(l_3_line, 'error')))))
                        yield '\n'
                    else:
                        pass
                        yield str(environment.finalize(environment.getattr(l_3_line, 'number')))
                        yield '. '
                        l_4_loop = missing
                        for l_4_link, l_4_loop in LoopContext(environment.getattr(l_3_line, 'links'), undefined):
                            l_4_link_latex = resolve('link_latex')
                            _loop_vars = {}
                            pass
                            yield str(environment.finalize(('✓' if environment.getattr(l_4_link, 'valid') else ('✗' if t_12(environment.getattr(l_4_link, 'valid')) else '?'))))
                            yield ' '
                            yield str(environment.finalize(t_3(context, context.call((undefined(name='link_latex') if l_4_link_latex is missing else l_4_link_latex), l_4_link, _loop_vars=_loop_vars))))
                            if (not environment.getattr(l_4_loop, 'last')):
                                pass
                                yield ' · '
                        l_4_loop = l_4_link = l_4_link_latex = missing
                        if (not environment.getattr(l_3_line, 'links')):
                            pass
                            yield str(environment.finalize(t_3(context, environment.getattr(l_3_line, 'source'))))
                        if (environment.getattr(l_3_line, 'number') == environment.getattr(l_2_part, 'invalid_line')):
                            pass
                            yield ' ← **'
                            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'first_invalid', number=environment.getattr(l_3_line, 'number'), _loop_vars=_loop_vars)))
                            yield '**'
                        yield '\n'
                        def t_16(fiter):
                            for l_4_link in fiter:
                                if (t_12(environment.getattr(l_4_link, 'valid')) and (environment.getattr(l_4_link, 'reason') or environment.getattr(l_4_link, 'counterexample'))):
                                    yield l_4_link
                        for l_4_link in t_16(environment.getattr(l_3_line, 'links')):
                            _loop_vars = {}
                            pass
                            yield '   - ✗ '
                            if environment.getattr(l_4_link, 'reason'):
                                pass
                                yield str(environment.finalize(t_4(t_10(context, environment.getattr(l_4_link, 'reason')))))
                            if environment.getattr(l_4_link, 'counterexample'):
                                pass
                                yield ' '
                                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample', _loop_vars=_loop_vars)))
                                yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                                yield str(environment.finalize(t_1(t_6(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'point')))))
                                yield '; '
                                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.left', _loop_vars=_loop_vars)))
                                yield ' = '
                                yield str(environment.finalize(t_1(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'left'))))
                                yield ', '
                                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.right', _loop_vars=_loop_vars)))
                                yield ' = '
                                yield str(environment.finalize(t_1(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'right'))))
                            yield '\n'
                        l_4_link = missing
                l_3_loop = l_3_line = missing
                yield '\n'
            if environment.getattr(l_2_part, 'checks'):
                pass
                yield '| '
                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'check', _loop_vars=_loop_vars)))
                yield ' | | |\n|---|---|---|\n'
                l_3_loop = missing
                for l_3_check, l_3_loop in LoopContext(environment.getattr(l_2_part, 'checks'), undefined):
                    l_3_array_difference = resolve('array_difference')
                    l_3_largest_difference = resolve('largest_difference')
                    l_3_md_array = resolve('md_array')
                    l_3_difference = missing
                    _loop_vars = {}
                    pass
                    l_3_difference = context.call((undefined(name='array_difference') if l_3_array_difference is missing else l_3_array_difference), environment.getattr(l_3_check, 'expected'), environment.getattr(l_3_check, 'got'), _loop_vars=_loop_vars)
                    _loop_vars['difference'] = l_3_difference
                    yield '| '
                    yield str(environment.finalize(t_4(t_10(context, environment.getattr(l_3_check, 'name')))))
                    yield ' | '
                    yield str(environment.finalize((str_join(('✓ ', context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'check.passed', _loop_vars=_loop_vars), )) if environment.getattr(l_3_check, 'passed') else str_join(('✗ ', context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'check.failed', _loop_vars=_loop_vars), )))))
                    yield ' | '
                    if (environment.getattr(l_3_check, 'message') and (not ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (t_10(context, environment.getattr(l_3_check, 'message')) == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence'))))):
                        pass
                        yield str(environment.finalize(t_4(t_10(context, environment.getattr(l_3_check, 'message')))))
                    if (((not environment.getattr(l_3_check, 'passed')) and environment.getattr(l_3_check, 'inputs')) and (not ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (t_10(context, environment.getattr(l_3_check, 'message')) == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence'))))):
                        pass
                        yield ' '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'inputs', _loop_vars=_loop_vars)))
                        yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        l_4_loop = missing
                        for (l_4_k, l_4_v), l_4_loop in LoopContext(context.call(environment.getattr(environment.getattr(l_3_check, 'inputs'), 'items'), _loop_vars=_loop_vars), undefined):
                            _loop_vars = {}
                            pass
                            yield str(environment.finalize(t_1(str_join((l_4_k, ' = ', t_7(context.eval_ctx, l_4_v, '\n', ''), )))))
                            if (not environment.getattr(l_4_loop, 'last')):
                                pass
                                yield '; '
                        l_4_loop = l_4_k = l_4_v = missing
                    if ((undefined(name='difference') if l_3_difference is missing else l_3_difference) and environment.getattr((undefined(name='difference') if l_3_difference is missing else l_3_difference), 'largest')):
                        pass
                        yield ' **'
                        yield str(environment.finalize(t_4(context.call((undefined(name='largest_difference') if l_3_largest_difference is missing else l_3_largest_difference), (undefined(name='difference') if l_3_difference is missing else l_3_difference), _loop_vars=_loop_vars))))
                        yield '**'
                    if (not t_13(environment.getattr(l_3_check, 'expected'))):
                        pass
                        yield ' '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'expected', _loop_vars=_loop_vars)))
                        yield ' '
                        yield str(environment.finalize(t_8(environment.getattr(environment.getattr(l_3_check, 'expected'), 'shape'))))
                        yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        yield str(environment.finalize(context.call((undefined(name='md_array') if l_3_md_array is missing else l_3_md_array), environment.getattr(l_3_check, 'expected'), _loop_vars=_loop_vars)))
                    if (not t_13(environment.getattr(l_3_check, 'got'))):
                        pass
                        yield ' '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'got', _loop_vars=_loop_vars)))
                        yield ' '
                        yield str(environment.finalize(t_8(environment.getattr(environment.getattr(l_3_check, 'got'), 'shape'))))
                        yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        yield str(environment.finalize(context.call((undefined(name='md_array') if l_3_md_array is missing else l_3_md_array), environment.getattr(l_3_check, 'got'), (undefined(name='difference') if l_3_difference is missing else l_3_difference), _loop_vars=_loop_vars)))
                    yield ' |\n'
                l_3_loop = l_3_check = l_3_array_difference = l_3_difference = l_3_largest_difference = l_3_md_array = missing
                yield '\n'
        l_2_loop = l_2_part = l_2_part_title = l_2_mistake_sentences = missing
    l_1_loop = l_1_p = l_1_problem_title = l_1_file_failure = l_1_failure = l_1_explained = missing
    yield '\n---\n'
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'seed')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'seed')))
    yield ' · '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation')))
    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
    yield str(environment.finalize((environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation') or context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'isolation.none'))))
    yield ' · '
    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'generated_by', version=(environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'grader_version') or (undefined(name='grader_version') if l_0_grader_version is missing else l_0_grader_version)))))
    yield '\n'
    if environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation_details'):
        pass
        (l_0_d, l_0_weaker) = context.call((undefined(name='protections') if l_0_protections is missing else l_0_protections), environment.getattr((undefined(name='result') if l_0_result is missing else l_0_result), 'isolation_details'))
        context.vars.update({'d': l_0_d, 'weaker': l_0_weaker})
        context.exported_vars.update(('d', 'weaker'))
        yield str(environment.finalize((undefined(name='d') if l_0_d is missing else l_0_d)))
        for l_1_w in (undefined(name='weaker') if l_0_weaker is missing else l_0_weaker):
            _loop_vars = {}
            pass
            yield '; '
            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'protections.weaker', _loop_vars=_loop_vars)))
            yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
            yield str(environment.finalize(l_1_w))
        l_1_w = missing

blocks = {}
debug_info = '3=101&5=105&7=111&8=114&11=116&12=120&15=123&16=127&18=129&19=132&21=140&22=144&25=155&28=158&30=164&31=168&33=177&34=181&36=188&38=196&39=198&40=200&41=203&42=205&43=208&44=210&46=213&50=216&51=227&53=233&54=235&57=239&58=241&59=249&60=253&62=259&63=268&64=270&66=274&70=278&73=281&74=284&75=287&76=289&78=299&80=322&81=330&88=351&89=354&91=357&92=364&93=367&101=415&102=425&103=430'
SOURCE_FINGERPRINT = '13ab3ed8e621c8921211307e9d0acac1cd885c31a769998485ed09d71223b327'
