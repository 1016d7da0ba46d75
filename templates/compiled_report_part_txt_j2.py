# report_part.txt.j2 compiled by Jinja 3.1.6: written by `python3 -m grader.template_compiler`, do not edit.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_part.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_at = resolve('at')
    l_0_part_title = resolve('part_title')
    l_0_part = resolve('part')
    l_0_lang = resolve('lang')
    l_0_label = resolve('label')
    l_0_colon = resolve('colon')
    l_0_said = resolve('said')
    l_0_zip = resolve('zip')
    l_0_says_math = resolve('says_math')
    l_0_math_shown = resolve('math_shown')
    l_0_failed_check_groups = resolve('failed_check_groups')
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
    yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
    yield str(environment.finalize(t_4(context.call((undefined(name='part_title') if l_0_part_title is missing else l_0_part_title), (undefined(name='part') if l_0_part is missing else l_0_part), (undefined(name='lang') if l_0_lang is missing else l_0_lang)), 22)))
    yield ' '
    yield str(environment.finalize(t_4(t_3(environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'score')), 6, True)))
    yield ' / '
    yield str(environment.finalize(t_3(environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'max_score'))))
    yield '\n'
    if (environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'score') < environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'max_score')):
        pass
        if (not t_10(environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'student_answer'))):
            pass
            yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
            yield '    '
            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'your_answer')))
            yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
            yield str(environment.finalize(environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'student_answer')))
            yield '\n'
        l_0_said = t_7(context, environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'feedback'))
        context.vars['said'] = l_0_said
        context.exported_vars.add('said')
        for (l_1_message, l_1_sentence) in context.call((undefined(name='zip') if l_0_zip is missing else l_0_zip), environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'feedback'), (undefined(name='said') if l_0_said is missing else l_0_said)):
            _loop_vars = {}
            pass
            yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
            yield '    - '
            yield str(environment.finalize(l_1_sentence))
            yield '\n'
            for l_2_latex in environment.getattr(l_1_message, 'math'):
                _loop_vars = {}
                pass
                yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                yield '        '
                yield str(environment.finalize(l_2_latex))
                yield '\n'
            l_2_latex = missing
        l_1_message = l_1_sentence = missing
        l_0_math_shown = context.call((undefined(name='says_math') if l_0_says_math is missing else l_0_says_math), environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'feedback'))
        context.vars['math_shown'] = l_0_math_shown
        context.exported_vars.add('math_shown')
        def t_11(fiter):
            for l_1_line in fiter:
                if (environment.getattr(l_1_line, 'number') == environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'invalid_line')):
                    yield l_1_line
        for l_1_line in t_11(environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'lines')):
            _loop_vars = {}
            pass
            yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
            yield '    '
            yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'first_invalid', number=environment.getattr(l_1_line, 'number'), _loop_vars=_loop_vars)))
            if (not (undefined(name='math_shown') if l_0_math_shown is missing else l_0_math_shown)):
                pass
                yield ': '
                yield str(environment.finalize(environment.getattr(l_1_line, 'source')))
            yield '\n'
            if (not (undefined(name='said') if l_0_said is missing else l_0_said)):
                pass
                if environment.getattr(l_1_line, 'error'):
                    pass
                    yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                    yield '      '
                    yield str(environment.finalize(t_8(context, environment.getattr(l_1_line, 'error'))))
                    yield '\n'
                def t_12(fiter):
                    for l_2_link in fiter:
                        if t_9(environment.getattr(l_2_link, 'valid')):
                            yield l_2_link
                for l_2_link in t_12(environment.getattr(l_1_line, 'links')):
                    _loop_vars = {}
                    pass
                    yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                    yield '      ✗ '
                    yield str(environment.finalize(environment.getattr(l_2_link, 'left')))
                    yield ' '
                    yield str(environment.finalize(t_6(environment.getattr(l_2_link, 'relation'))))
                    yield ' '
                    yield str(environment.finalize(environment.getattr(l_2_link, 'right')))
                    if environment.getattr(l_2_link, 'reason'):
                        pass
                        yield ': '
                        yield str(environment.finalize(t_8(context, environment.getattr(l_2_link, 'reason'))))
                    yield '\n'
                    if environment.getattr(l_2_link, 'counterexample'):
                        pass
                        yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                        yield '        '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample', _loop_vars=_loop_vars)))
                        yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                        yield str(environment.finalize(t_5(environment.getattr(environment.getattr(l_2_link, 'counterexample'), 'point'))))
                        yield '; '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.left', _loop_vars=_loop_vars)))
                        yield ' = '
                        yield str(environment.finalize(environment.getattr(environment.getattr(l_2_link, 'counterexample'), 'left')))
                        yield ', '
                        yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'counterexample.right', _loop_vars=_loop_vars)))
                        yield ' = '
                        yield str(environment.finalize(environment.getattr(environment.getattr(l_2_link, 'counterexample'), 'right')))
                        yield '\n'
                l_2_link = missing
        l_1_line = missing
        for (l_1_checks, l_1_reason) in context.call((undefined(name='failed_check_groups') if l_0_failed_check_groups is missing else l_0_failed_check_groups), (undefined(name='part') if l_0_part is missing else l_0_part)):
            l_1_failure = resolve('failure')
            l_1_new_inputs = resolve('new_inputs')
            l_1_explained_by_failure = missing
            _loop_vars = {}
            pass
            yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
            yield '    ✗ '
            yield str(environment.finalize(t_1(context.eval_ctx, t_7(context, l_1_checks, 'name'), '; ')))
            if (l_1_reason and (not ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (l_1_reason == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence'))))):
                pass
                yield ': '
                yield str(environment.finalize(l_1_reason))
            yield '\n'
            l_1_explained_by_failure = ((undefined(name='failure') if l_1_failure is missing else l_1_failure) and (l_1_reason == environment.getattr((undefined(name='failure') if l_1_failure is missing else l_1_failure), 'sentence')))
            _loop_vars['explained_by_failure'] = l_1_explained_by_failure
            for (l_2_check, l_2_inputs_new) in context.call((undefined(name='zip') if l_0_zip is missing else l_0_zip), l_1_checks, context.call((undefined(name='new_inputs') if l_1_new_inputs is missing else l_1_new_inputs), l_1_checks, _loop_vars=_loop_vars), _loop_vars=_loop_vars):
                l_2_first_key = resolve('first_key')
                l_2_first = resolve('first')
                l_2_largest_difference = resolve('largest_difference')
                l_2_array_difference = resolve('array_difference')
                l_2_largest = missing
                _loop_vars = {}
                pass
                if (l_2_inputs_new and (not (undefined(name='explained_by_failure') if l_1_explained_by_failure is missing else l_1_explained_by_failure))):
                    pass
                    yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                    yield '      '
                    yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'inputs', _loop_vars=_loop_vars)))
                    yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                    l_2_first = context.call((undefined(name='first_key') if l_2_first_key is missing else l_2_first_key), environment.getattr(l_2_check, 'inputs'), _loop_vars=_loop_vars)
                    _loop_vars['first'] = l_2_first
                    for (l_3_k, l_3_v) in context.call(environment.getattr(environment.getattr(l_2_check, 'inputs'), 'items'), _loop_vars=_loop_vars):
                        _loop_vars = {}
                        pass
                        if (l_3_k != (undefined(name='first') if l_2_first is missing else l_2_first)):
                            pass
                            yield '; '
                        yield str(environment.finalize(l_3_k))
                        yield ' = '
                        yield str(environment.finalize(t_2(l_3_v)))
                    l_3_k = l_3_v = missing
                    yield '\n'
                l_2_largest = context.call((undefined(name='largest_difference') if l_2_largest_difference is missing else l_2_largest_difference), context.call((undefined(name='array_difference') if l_2_array_difference is missing else l_2_array_difference), environment.getattr(l_2_check, 'expected'), environment.getattr(l_2_check, 'got'), _loop_vars=_loop_vars), _loop_vars=_loop_vars)
                _loop_vars['largest'] = l_2_largest
                if (undefined(name='largest') if l_2_largest is missing else l_2_largest):
                    pass
                    yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                    yield '      '
                    yield str(environment.finalize((undefined(name='largest') if l_2_largest is missing else l_2_largest)))
                    yield '\n'
            l_2_check = l_2_inputs_new = l_2_first_key = l_2_first = l_2_largest_difference = l_2_array_difference = l_2_largest = missing
        l_1_checks = l_1_reason = l_1_failure = l_1_explained_by_failure = l_1_new_inputs = missing
        for l_1_mistake in environment.getattr((undefined(name='part') if l_0_part is missing else l_0_part), 'mistakes'):
            l_1_mistake_text = resolve('mistake_text')
            l_1_p = resolve('p')
            l_1_sentence = missing
            _loop_vars = {}
            pass
            l_1_sentence = context.call((undefined(name='mistake_text') if l_1_mistake_text is missing else l_1_mistake_text), l_1_mistake, (undefined(name='lang') if l_0_lang is missing else l_0_lang), environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'id'), _loop_vars=_loop_vars)
            _loop_vars['sentence'] = l_1_sentence
            if ((undefined(name='sentence') if l_1_sentence is missing else l_1_sentence) not in (undefined(name='said') if l_0_said is missing else l_0_said)):
                pass
                yield str(environment.finalize((undefined(name='at') if l_0_at is missing else l_0_at)))
                yield '    '
                yield str(environment.finalize(context.call((undefined(name='label') if l_0_label is missing else l_0_label), 'mistakes', _loop_vars=_loop_vars)))
                yield str(environment.finalize((undefined(name='colon') if l_0_colon is missing else l_0_colon)))
                yield str(environment.finalize((undefined(name='sentence') if l_1_sentence is missing else l_1_sentence)))
                yield '\n'
        l_1_mistake = l_1_mistake_text = l_1_p = l_1_sentence = missing

blocks = {}
debug_info = '5=82&6=89&7=91&8=93&10=99&11=102&12=105&13=109&14=112&17=118&18=121&19=128&21=136&22=138&23=140&25=144&26=151&28=163&29=165&34=181&35=187&37=195&38=197&39=205&40=207&43=224&44=226&45=228&49=234&50=240&51=242&52=244'
SOURCE_FINGERPRINT = '25142c10fd52d9e27f87dd411b5d2addba975c206aced85975f8b844d39dbeae'
