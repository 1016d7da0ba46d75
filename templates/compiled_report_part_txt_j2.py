# report_part.txt.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.presentation.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_part.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_part_lines = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['nobreaks']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'nobreaks' found.")
    try:
        t_3 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    try:
        t_4 = environment.filters['pad']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'pad' found.")
    try:
        t_5 = environment.filters['point']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'point' found.")
    try:
        t_6 = environment.filters['relation']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'relation' found.")
    try:
        t_7 = environment.filters['sentences']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'sentences' found.")
    try:
        t_8 = environment.filters['t']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 't' found.")
    try:
        t_9 = environment.tests['false']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No test named 'false' found.")
    try:
        t_10 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro(l_1_p, l_1_parts, l_1_failure, l_1_explained, l_1_at):
        t_11 = []
        if l_1_p is missing:
            l_1_p = undefined("parameter 'p' was not provided", name='p')
        if l_1_parts is missing:
            l_1_parts = undefined("parameter 'parts' was not provided", name='parts')
        if l_1_failure is missing:
            l_1_failure = undefined("parameter 'failure' was not provided", name='failure')
        if l_1_explained is missing:
            l_1_explained = undefined("parameter 'explained' was not provided", name='explained')
        if l_1_at is missing:
            l_1_at = undefined("parameter 'at' was not provided", name='at')
        pass
        def t_12(fiter):
            for l_2_part in fiter:
                if (environment.getattr(l_2_part, 'id') not in l_1_explained):
                    yield l_2_part
        for l_2_part in t_12(l_1_parts):
            l_2_part_title = resolve('part_title')
            l_2_lang = resolve('lang')
            l_2_label = resolve('label')
            l_2_colon = resolve('colon')
            l_2_said = resolve('said')
            l_2_zip = resolve('zip')
            l_2_says_math = resolve('says_math')
            l_2_math_shown = resolve('math_shown')
            l_2_failed_check_groups = resolve('failed_check_groups')
            _loop_vars = {}
            pass
            t_11.extend((
                str(environment.finalize(l_1_at)),
                str(environment.finalize(t_4(context.call((undefined(name='part_title') if l_2_part_title is missing else l_2_part_title), l_2_part, (undefined(name='lang') if l_2_lang is missing else l_2_lang), _loop_vars=_loop_vars), 22))),
                ' ',
                str(environment.finalize(t_4(t_3(environment.getattr(l_2_part, 'score')), 6, True))),
                ' / ',
                str(environment.finalize(t_3(environment.getattr(l_2_part, 'max_score')))),
                '\n',
            ))
            if (environment.getattr(l_2_part, 'score') < environment.getattr(l_2_part, 'max_score')):
                pass
                if (not t_10(environment.getattr(l_2_part, 'student_answer'))):
                    pass
                    t_11.extend((
                        str(environment.finalize(l_1_at)),
                        '    ',
                        str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'your_answer', _loop_vars=_loop_vars))),
                        str(environment.finalize((undefined(name='colon') if l_2_colon is missing else l_2_colon))),
                        str(environment.finalize(environment.getattr(l_2_part, 'student_answer'))),
                        '\n',
                    ))
                l_2_said = t_7(context, environment.getattr(l_2_part, 'feedback'))
                _loop_vars['said'] = l_2_said
                for (l_3_message, l_3_sentence) in context.call((undefined(name='zip') if l_2_zip is missing else l_2_zip), environment.getattr(l_2_part, 'feedback'), (undefined(name='said') if l_2_said is missing else l_2_said), _loop_vars=_loop_vars):
                    _loop_vars = {}
                    pass
                    t_11.extend((
                        str(environment.finalize(l_1_at)),
                        '    - ',
                        str(environment.finalize(l_3_sentence)),
                        '\n',
                    ))
                    for l_4_latex in environment.getattr(l_3_message, 'math'):
                        _loop_vars = {}
                        pass
                        t_11.extend((
                            str(environment.finalize(l_1_at)),
                            '        ',
                            str(environment.finalize(l_4_latex)),
                            '\n',
                        ))
                    l_4_latex = missing
                l_3_message = l_3_sentence = missing
                l_2_math_shown = context.call((undefined(name='says_math') if l_2_says_math is missing else l_2_says_math), environment.getattr(l_2_part, 'feedback'), _loop_vars=_loop_vars)
                _loop_vars['math_shown'] = l_2_math_shown
                def t_13(fiter):
                    for l_3_line in fiter:
                        if (environment.getattr(l_3_line, 'number') == environment.getattr(l_2_part, 'invalid_line')):
                            yield l_3_line
                for l_3_line in t_13(environment.getattr(l_2_part, 'lines')):
                    _loop_vars = {}
                    pass
                    t_11.extend((
                        str(environment.finalize(l_1_at)),
                        '    ',
                        str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'first_invalid', number=environment.getattr(l_3_line, 'number'), _loop_vars=_loop_vars))),
                    ))
                    if (not (undefined(name='math_shown') if l_2_math_shown is missing else l_2_math_shown)):
                        pass
                        t_11.extend((
                            ': ',
                            str(environment.finalize(environment.getattr(l_3_line, 'source'))),
                        ))
                    t_11.append(
                        '\n',
                    )
                    if (not (undefined(name='said') if l_2_said is missing else l_2_said)):
                        pass
                        if environment.getattr(l_3_line, 'error'):
                            pass
                            t_11.extend((
                                str(environment.finalize(l_1_at)),
                                '      ',
                                str(environment.finalize(t_8(context, environment.getattr(l_3_line, 'error')))),
                                '\n',
                            ))
                        def t_14(fiter):
                            for l_4_link in fiter:
                                if t_9(environment.getattr(l_4_link, 'valid')):
                                    yield l_4_link
                        for l_4_link in t_14(environment.getattr(l_3_line, 'links')):
                            _loop_vars = {}
                            pass
                            t_11.extend((
                                str(environment.finalize(l_1_at)),
                                '      ✗ ',
                                str(environment.finalize(environment.getattr(l_4_link, 'left'))),
                                ' ',
                                str(environment.finalize(t_6(environment.getattr(l_4_link, 'relation')))),
                                ' ',
                                str(environment.finalize(environment.getattr(l_4_link, 'right'))),
                            ))
                            if environment.getattr(l_4_link, 'reason'):
                                pass
                                t_11.extend((
                                    ': ',
                                    str(environment.finalize(t_8(context, environment.getattr(l_4_link, 'reason')))),
                                ))
                            t_11.append(
                                '\n',
                            )
                            if environment.getattr(l_4_link, 'counterexample'):
                                pass
                                t_11.extend((
                                    str(environment.finalize(l_1_at)),
                                    '        ',
                                    str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'counterexample', _loop_vars=_loop_vars))),
                                    str(environment.finalize((undefined(name='colon') if l_2_colon is missing else l_2_colon))),
                                    str(environment.finalize(t_5(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'point')))),
                                    '; ',
                                    str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'counterexample.left', _loop_vars=_loop_vars))),
                                    ' = ',
                                    str(environment.finalize(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'left'))),
                                    ', ',
                                    str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'counterexample.right', _loop_vars=_loop_vars))),
                                    ' = ',
                                    str(environment.finalize(environment.getattr(environment.getattr(l_4_link, 'counterexample'), 'right'))),
                                    '\n',
                                ))
                        l_4_link = missing
                l_3_line = missing
                for (l_3_checks, l_3_reason) in context.call((undefined(name='failed_check_groups') if l_2_failed_check_groups is missing else l_2_failed_check_groups), l_2_part, _loop_vars=_loop_vars):
                    l_3_new_inputs = resolve('new_inputs')
                    l_3_explained_by_failure = missing
                    _loop_vars = {}
                    pass
                    t_11.extend((
                        str(environment.finalize(l_1_at)),
                        '    ✗ ',
                        str(environment.finalize(t_1(context.eval_ctx, t_7(context, l_3_checks, 'name'), '; '))),
                    ))
                    if (l_3_reason and (not (l_1_failure and (l_3_reason == environment.getattr(l_1_failure, 'sentence'))))):
                        pass
                        t_11.extend((
                            ': ',
                            str(environment.finalize(l_3_reason)),
                        ))
                    t_11.append(
                        '\n',
                    )
                    l_3_explained_by_failure = (l_1_failure and (l_3_reason == environment.getattr(l_1_failure, 'sentence')))
                    _loop_vars['explained_by_failure'] = l_3_explained_by_failure
                    for (l_4_check, l_4_inputs_new) in context.call((undefined(name='zip') if l_2_zip is missing else l_2_zip), l_3_checks, context.call((undefined(name='new_inputs') if l_3_new_inputs is missing else l_3_new_inputs), l_3_checks, _loop_vars=_loop_vars), _loop_vars=_loop_vars):
                        l_4_first_key = resolve('first_key')
                        l_4_first = resolve('first')
                        l_4_largest_difference = resolve('largest_difference')
                        l_4_array_difference = resolve('array_difference')
                        l_4_largest = missing
                        _loop_vars = {}
                        pass
                        if (l_4_inputs_new and (not (undefined(name='explained_by_failure') if l_3_explained_by_failure is missing else l_3_explained_by_failure))):
                            pass
                            t_11.extend((
                                str(environment.finalize(l_1_at)),
                                '      ',
                                str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'inputs', _loop_vars=_loop_vars))),
                                str(environment.finalize((undefined(name='colon') if l_2_colon is missing else l_2_colon))),
                            ))
                            l_4_first = context.call((undefined(name='first_key') if l_4_first_key is missing else l_4_first_key), environment.getattr(l_4_check, 'inputs'), _loop_vars=_loop_vars)
                            _loop_vars['first'] = l_4_first
                            for (l_5_k, l_5_v) in context.call(environment.getattr(environment.getattr(l_4_check, 'inputs'), 'items'), _loop_vars=_loop_vars):
                                _loop_vars = {}
                                pass
                                if (l_5_k != (undefined(name='first') if l_4_first is missing else l_4_first)):
                                    pass
                                    t_11.append(
                                        '; ',
                                    )
                                t_11.extend((
                                    str(environment.finalize(l_5_k)),
                                    ' = ',
                                    str(environment.finalize(t_2(l_5_v))),
                                ))
                            l_5_k = l_5_v = missing
                            t_11.append(
                                '\n',
                            )
                        l_4_largest = context.call((undefined(name='largest_difference') if l_4_largest_difference is missing else l_4_largest_difference), context.call((undefined(name='array_difference') if l_4_array_difference is missing else l_4_array_difference), environment.getattr(l_4_check, 'expected'), environment.getattr(l_4_check, 'got'), _loop_vars=_loop_vars), _loop_vars=_loop_vars)
                        _loop_vars['largest'] = l_4_largest
                        if (undefined(name='largest') if l_4_largest is missing else l_4_largest):
                            pass
                            t_11.extend((
                                str(environment.finalize(l_1_at)),
                                '      ',
                                str(environment.finalize((undefined(name='largest') if l_4_largest is missing else l_4_largest))),
                                '\n',
                            ))
                    l_4_check = l_4_inputs_new = l_4_first_key = l_4_first = l_4_largest_difference = l_4_array_difference = l_4_largest = missing
                l_3_checks = l_3_reason = l_3_explained_by_failure = l_3_new_inputs = missing
                for l_3_mistake in environment.getattr(l_2_part, 'mistakes'):
                    l_3_mistake_text = resolve('mistake_text')
                    l_3_sentence = missing
                    _loop_vars = {}
                    pass
                    l_3_sentence = context.call((undefined(name='mistake_text') if l_3_mistake_text is missing else l_3_mistake_text), l_3_mistake, (undefined(name='lang') if l_2_lang is missing else l_2_lang), environment.getattr(l_1_p, 'id'), _loop_vars=_loop_vars)
                    _loop_vars['sentence'] = l_3_sentence
                    if ((undefined(name='sentence') if l_3_sentence is missing else l_3_sentence) not in (undefined(name='said') if l_2_said is missing else l_2_said)):
                        pass
                        t_11.extend((
                            str(environment.finalize(l_1_at)),
                            '    ',
                            str(environment.finalize(context.call((undefined(name='label') if l_2_label is missing else l_2_label), 'mistakes', _loop_vars=_loop_vars))),
                            str(environment.finalize((undefined(name='colon') if l_2_colon is missing else l_2_colon))),
                            str(environment.finalize((undefined(name='sentence') if l_3_sentence is missing else l_3_sentence))),
                            '\n',
                        ))
                l_3_mistake = l_3_mistake_text = l_3_sentence = missing
        l_2_part = l_2_part_title = l_2_lang = l_2_label = l_2_colon = l_2_said = l_2_zip = l_2_says_math = l_2_math_shown = l_2_failed_check_groups = missing
        return concat(t_11)
    context.exported_vars.add('part_lines')
    context.vars['part_lines'] = l_0_part_lines = Macro(environment, macro, 'part_lines', ('p', 'parts', 'failure', 'explained', 'at'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '7=72&8=85&9=102&10=110&11=112&12=115&14=122&15=124&16=128&17=133&18=137&21=144&22=146&23=154&25=167&26=169&27=172&29=177&30=185&32=202&33=205&38=222&39=228&41=241&42=243&43=251&44=254&47=278&48=280&49=283&53=290&54=295&55=297&56=300'
SOURCE_FINGERPRINT = '0f3d74a0f53499a9bf842989923b5b769efda3a89284c36e20d79eacfb14533f'
