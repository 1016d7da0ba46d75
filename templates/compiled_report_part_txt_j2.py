# report_part.txt.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.template_compiler`, do not edit.
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
    def macro(l_1_p, l_1_part, l_1_failure, l_1_at):
        t_11 = []
        l_1_part_title = resolve('part_title')
        l_1_lang = resolve('lang')
        l_1_label = resolve('label')
        l_1_colon = resolve('colon')
        l_1_said = resolve('said')
        l_1_zip = resolve('zip')
        l_1_says_math = resolve('says_math')
        l_1_math_shown = resolve('math_shown')
        l_1_failed_check_groups = resolve('failed_check_groups')
        if l_1_p is missing:
            l_1_p = undefined("parameter 'p' was not provided", name='p')
        if l_1_part is missing:
            l_1_part = undefined("parameter 'part' was not provided", name='part')
        if l_1_failure is missing:
            l_1_failure = undefined("parameter 'failure' was not provided", name='failure')
        if l_1_at is missing:
            l_1_at = undefined("parameter 'at' was not provided", name='at')
        pass
        t_11.extend((
            str(environment.finalize(l_1_at)),
            str(environment.finalize(t_4(context.call((undefined(name='part_title') if l_1_part_title is missing else l_1_part_title), l_1_part, (undefined(name='lang') if l_1_lang is missing else l_1_lang)), 22))),
            ' ',
            str(environment.finalize(t_4(t_3(environment.getattr(l_1_part, 'score')), 6, True))),
            ' / ',
            str(environment.finalize(t_3(environment.getattr(l_1_part, 'max_score')))),
            '\n',
        ))
        if (environment.getattr(l_1_part, 'score') < environment.getattr(l_1_part, 'max_score')):
            pass
            if (not t_10(environment.getattr(l_1_part, 'student_answer'))):
                pass
                t_11.extend((
                    str(environment.finalize(l_1_at)),
                    '    ',
                    str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'your_answer'))),
                    str(environment.finalize((undefined(name='colon') if l_1_colon is missing else l_1_colon))),
                    str(environment.finalize(environment.getattr(l_1_part, 'student_answer'))),
                    '\n',
                ))
            l_1_said = t_7(context, environment.getattr(l_1_part, 'feedback'))
            for (l_2_message, l_2_sentence) in context.call((undefined(name='zip') if l_1_zip is missing else l_1_zip), environment.getattr(l_1_part, 'feedback'), (undefined(name='said') if l_1_said is missing else l_1_said)):
                _loop_vars = {}
                pass
                t_11.extend((
                    str(environment.finalize(l_1_at)),
                    '    - ',
                    str(environment.finalize(l_2_sentence)),
                    '\n',
                ))
                for l_3_latex in environment.getattr(l_2_message, 'math'):
                    _loop_vars = {}
                    pass
                    t_11.extend((
                        str(environment.finalize(l_1_at)),
                        '        ',
                        str(environment.finalize(l_3_latex)),
                        '\n',
                    ))
                l_3_latex = missing
            l_2_message = l_2_sentence = missing
            l_1_math_shown = context.call((undefined(name='says_math') if l_1_says_math is missing else l_1_says_math), environment.getattr(l_1_part, 'feedback'))
            def t_12(fiter):
                for l_2_line in fiter:
                    if (environment.getattr(l_2_line, 'number') == environment.getattr(l_1_part, 'invalid_line')):
                        yield l_2_line
            for l_2_line in t_12(environment.getattr(l_1_part, 'lines')):
                _loop_vars = {}
                pass
                t_11.extend((
                    str(environment.finalize(l_1_at)),
                    '    ',
                    str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'first_invalid', number=environment.getattr(l_2_line, 'number'), _loop_vars=_loop_vars))),
                ))
                if (not (undefined(name='math_shown') if l_1_math_shown is missing else l_1_math_shown)):
                    pass
                    t_11.extend((
                        ': ',
                        str(environment.finalize(environment.getattr(l_2_line, 'source'))),
                    ))
                t_11.append(
                    '\n',
                )
                if (not (undefined(name='said') if l_1_said is missing else l_1_said)):
                    pass
                    if environment.getattr(l_2_line, 'error'):
                        pass
                        t_11.extend((
                            str(environment.finalize(l_1_at)),
                            '      ',
                            str(environment.finalize(t_8(context, environment.getattr(l_2_line, 'error')))),
                            '\n',
                        ))
                    def t_13(fiter):
                        for l_3_link in fiter:
                            if t_9(environment.getattr(l_3_link, 'valid')):
                                yield l_3_link
                    for l_3_link in t_13(environment.getattr(l_2_line, 'links')):
                        _loop_vars = {}
                        pass
                        t_11.extend((
                            str(environment.finalize(l_1_at)),
                            '      ✗ ',
                            str(environment.finalize(environment.getattr(l_3_link, 'left'))),
                            ' ',
                            str(environment.finalize(t_6(environment.getattr(l_3_link, 'relation')))),
                            ' ',
                            str(environment.finalize(environment.getattr(l_3_link, 'right'))),
                        ))
                        if environment.getattr(l_3_link, 'reason'):
                            pass
                            t_11.extend((
                                ': ',
                                str(environment.finalize(t_8(context, environment.getattr(l_3_link, 'reason')))),
                            ))
                        t_11.append(
                            '\n',
                        )
                        if environment.getattr(l_3_link, 'counterexample'):
                            pass
                            t_11.extend((
                                str(environment.finalize(l_1_at)),
                                '        ',
                                str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'counterexample', _loop_vars=_loop_vars))),
                                str(environment.finalize((undefined(name='colon') if l_1_colon is missing else l_1_colon))),
                                str(environment.finalize(t_5(environment.getattr(environment.getattr(l_3_link, 'counterexample'), 'point')))),
                                '; ',
                                str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'counterexample.left', _loop_vars=_loop_vars))),
                                ' = ',
                                str(environment.finalize(environment.getattr(environment.getattr(l_3_link, 'counterexample'), 'left'))),
                                ', ',
                                str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'counterexample.right', _loop_vars=_loop_vars))),
                                ' = ',
                                str(environment.finalize(environment.getattr(environment.getattr(l_3_link, 'counterexample'), 'right'))),
                                '\n',
                            ))
                    l_3_link = missing
            l_2_line = missing
            for (l_2_checks, l_2_reason) in context.call((undefined(name='failed_check_groups') if l_1_failed_check_groups is missing else l_1_failed_check_groups), l_1_part):
                l_2_new_inputs = resolve('new_inputs')
                l_2_explained_by_failure = missing
                _loop_vars = {}
                pass
                t_11.extend((
                    str(environment.finalize(l_1_at)),
                    '    ✗ ',
                    str(environment.finalize(t_1(context.eval_ctx, t_7(context, l_2_checks, 'name'), '; '))),
                ))
                if (l_2_reason and (not (l_1_failure and (l_2_reason == environment.getattr(l_1_failure, 'sentence'))))):
                    pass
                    t_11.extend((
                        ': ',
                        str(environment.finalize(l_2_reason)),
                    ))
                t_11.append(
                    '\n',
                )
                l_2_explained_by_failure = (l_1_failure and (l_2_reason == environment.getattr(l_1_failure, 'sentence')))
                _loop_vars['explained_by_failure'] = l_2_explained_by_failure
                for (l_3_check, l_3_inputs_new) in context.call((undefined(name='zip') if l_1_zip is missing else l_1_zip), l_2_checks, context.call((undefined(name='new_inputs') if l_2_new_inputs is missing else l_2_new_inputs), l_2_checks, _loop_vars=_loop_vars), _loop_vars=_loop_vars):
                    l_3_first_key = resolve('first_key')
                    l_3_first = resolve('first')
                    l_3_largest_difference = resolve('largest_difference')
                    l_3_array_difference = resolve('array_difference')
                    l_3_largest = missing
                    _loop_vars = {}
                    pass
                    if (l_3_inputs_new and (not (undefined(name='explained_by_failure') if l_2_explained_by_failure is missing else l_2_explained_by_failure))):
                        pass
                        t_11.extend((
                            str(environment.finalize(l_1_at)),
                            '      ',
                            str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'inputs', _loop_vars=_loop_vars))),
                            str(environment.finalize((undefined(name='colon') if l_1_colon is missing else l_1_colon))),
                        ))
                        l_3_first = context.call((undefined(name='first_key') if l_3_first_key is missing else l_3_first_key), environment.getattr(l_3_check, 'inputs'), _loop_vars=_loop_vars)
                        _loop_vars['first'] = l_3_first
                        for (l_4_k, l_4_v) in context.call(environment.getattr(environment.getattr(l_3_check, 'inputs'), 'items'), _loop_vars=_loop_vars):
                            _loop_vars = {}
                            pass
                            if (l_4_k != (undefined(name='first') if l_3_first is missing else l_3_first)):
                                pass
                                t_11.append(
                                    '; ',
                                )
                            t_11.extend((
                                str(environment.finalize(l_4_k)),
                                ' = ',
                                str(environment.finalize(t_2(l_4_v))),
                            ))
                        l_4_k = l_4_v = missing
                        t_11.append(
                            '\n',
                        )
                    l_3_largest = context.call((undefined(name='largest_difference') if l_3_largest_difference is missing else l_3_largest_difference), context.call((undefined(name='array_difference') if l_3_array_difference is missing else l_3_array_difference), environment.getattr(l_3_check, 'expected'), environment.getattr(l_3_check, 'got'), _loop_vars=_loop_vars), _loop_vars=_loop_vars)
                    _loop_vars['largest'] = l_3_largest
                    if (undefined(name='largest') if l_3_largest is missing else l_3_largest):
                        pass
                        t_11.extend((
                            str(environment.finalize(l_1_at)),
                            '      ',
                            str(environment.finalize((undefined(name='largest') if l_3_largest is missing else l_3_largest))),
                            '\n',
                        ))
                l_3_check = l_3_inputs_new = l_3_first_key = l_3_first = l_3_largest_difference = l_3_array_difference = l_3_largest = missing
            l_2_checks = l_2_reason = l_2_explained_by_failure = l_2_new_inputs = missing
            for l_2_mistake in environment.getattr(l_1_part, 'mistakes'):
                l_2_mistake_text = resolve('mistake_text')
                l_2_sentence = missing
                _loop_vars = {}
                pass
                l_2_sentence = context.call((undefined(name='mistake_text') if l_2_mistake_text is missing else l_2_mistake_text), l_2_mistake, (undefined(name='lang') if l_1_lang is missing else l_1_lang), environment.getattr(l_1_p, 'id'), _loop_vars=_loop_vars)
                _loop_vars['sentence'] = l_2_sentence
                if ((undefined(name='sentence') if l_2_sentence is missing else l_2_sentence) not in (undefined(name='said') if l_1_said is missing else l_1_said)):
                    pass
                    t_11.extend((
                        str(environment.finalize(l_1_at)),
                        '    ',
                        str(environment.finalize(context.call((undefined(name='label') if l_1_label is missing else l_1_label), 'mistakes', _loop_vars=_loop_vars))),
                        str(environment.finalize((undefined(name='colon') if l_1_colon is missing else l_1_colon))),
                        str(environment.finalize((undefined(name='sentence') if l_2_sentence is missing else l_2_sentence))),
                        '\n',
                    ))
            l_2_mistake = l_2_mistake_text = l_2_sentence = missing
        return concat(t_11)
    context.exported_vars.add('part_lines')
    context.vars['part_lines'] = l_0_part_lines = Macro(environment, macro, 'part_lines', ('p', 'part', 'failure', 'at'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '6=72&7=93&8=101&9=103&10=106&12=113&13=114&14=118&15=123&16=127&19=134&20=135&21=143&23=156&24=158&25=161&27=166&28=174&30=191&31=194&36=211&37=217&39=230&40=232&41=240&42=243&45=267&46=269&47=272&51=279&52=284&53=286&54=289'
SOURCE_FINGERPRINT = '7cfa2564b7532cd525e3eb3c15b2d5e2a7b5ee6add708589c17280ff8d49dab6'
