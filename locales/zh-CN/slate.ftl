# Slate 用户界面，简体中文。
# 占位符：$count、$n、$total 为整数；$percent 为整数百分比；
# $points 和 $max 可能带小数。

## Library

library-title = 课程
library-empty = 未找到课程。请用 --courses FOLDER 启动 Slate，或在配置文件中列出课程文件夹。
library-lessons = { $count } 节课
library-quizzes = { $count } 个测验
library-minutes = 约 { $count } 分钟
library-progress = 已完成 { $done }/{ $total }
library-languages = 语言：{ $languages }
library-broken = 共 { $count } 个错误。请用此命令检查：slate check { $path }
library-built-in = 内置
library-signed-by = 由 { $name } 签名
library-signed-unknown = 由未知发布者签名
library-seal-broken = 与发布时不一致：签名无效
library-changed = { $signed ->
    [yes] 签名后被修改
   *[no] 打包后被修改
}：{ $file }{ $more ->
    [0] {""}
   *[other] （另有 { $more } 个文件）
}
item-changed = 打包后被修改：{ $file }

## Course outline

outline-continue = 继续：{ $title }
outline-complete = 已全部完成：查看课程成绩
outline-results = 课程成绩
outline-read = 已读
outline-passed = 已通过，{ $percent }%
outline-not-passed = { $percent }%，尚未通过
outline-in-progress = 进行中

## Lesson reader

lesson-end = 本课结束
lesson-end-next = 本课已结束：按 n 打开下一项，按 Esc 返回目录。
lesson-loading = 正在打开本课...
lesson-cannot-read = 无法阅读本课：{ $reason }
media-files = 文件
media-file = 文件
media-links = 网页链接
media-reader-close = Esc：返回列表
media-not-opened = Slate 不打开 { $ext } 文件（按 c 复制）
media-not-what-it-says = 该文件与其名称所示不符
media-no-viewer = 找不到用于查看的程序（{ $viewer }）
media-copy-prompt = 复制到（Enter 复制，Esc 取消）
media-copied = 已复制到 { $path }。
media-cannot-copy = 无法复制到 { $path }：{ $reason }
media-title = 本课的文件、书签和链接
media-help = 按编号（或上、下键和 Enter）打开文件或跳到书签：文本在这里阅读，图片和文档用系统查看器打开。按 c 把所选文件复制到文件夹。按 Esc 关闭。
media-none = 本课没有文件、书签或链接。
media-opened = 已用系统查看器打开 { $path }。
quiz-cannot-open = 无法读取此测验：{ $reason }
media-cannot-open = { $reason }（{ $path }）
media-link = 链接
media-image = 图片

## Quiz

quiz-question = 第 { $n } 题，共 { $total } 题
quiz-points = { $count } 分
quiz-attempt = 第 { $n } 次作答
quiz-hint = 提示
quiz-no-hint = 本题没有提示。
quiz-correct = 正确
quiz-incorrect = 不正确
quiz-partly = 部分正确：{ $points }/{ $max } 分
quiz-your-answer = 您的答案：{ $answer }
quiz-right-answer = 正确答案：{ $answer }
quiz-explanation = 解析
quiz-true = 对
quiz-false = 错
quiz-no-answer = （未作答）
quiz-help-single = 请按所选答案的编号，再按 Enter。
quiz-help-multiple = 按编号选择或取消选择答案，再按 Enter。
quiz-help-true-false = 按 1 表示对，按 2 表示错，再按 Enter。
quiz-help-text = 输入答案后按 Enter。按 Esc 离开答题框。
quiz-help-number = 输入一个数字后按 Enter。按 Esc 离开答题框。
quiz-help-order = 按顺序输入编号，再按 Enter · Backspace 删除
quiz-help-match = 为左侧每项按右侧编号 · Backspace 撤销
quiz-field-left = 按 Enter 输入答案。
quiz-your-order = 您的顺序：{ $order }
quiz-continue = 按 Enter 继续。
quiz-saved = 答案已保存。测验结束时可查看成绩。
quiz-give-answer = 请先作答。
quiz-finish = 按 Enter 查看成绩。
quiz-no-attempts = 本测验的 { $count } 次作答机会已全部用完。
quiz-attempts-left = 还剩 { $count } 次机会

quiz-not-a-number = 请只输入数字，如 14 或 51,7。
quiz-kept = 本次作答已保留：再次打开测验即可从中断处继续。
quiz-mark-first = 尚未选择：按答案编号，再按 Enter。
quiz-start-questions = 共 { $count } 道题，总分 { $points } 分
quiz-start-pass = 及格线：{ $percent }%
quiz-start-attempts = 作答次数：已用 { $used } 次，剩余 { $left } 次
quiz-start-attempts-unlimited = 作答次数：已用 { $used } 次，不限次数
quiz-start-feedback-immediate = 每答一题，立即知道对错。
quiz-start-feedback-end = 答完全部题目后查看成绩。
quiz-start-key = 按 Enter 开始第 { $n } 次作答。
quiz-start-none-left = 本测验已没有作答机会。

## Quiz results

results-title = 成绩：{ $title }
results-score = { $points } / { $max } 分（{ $percent }%）
results-passed = 已通过：及格线为 { $needed }%。
results-not-passed = 尚未通过：需要达到 { $needed }%。
results-retry = 按 r 重新作答。
results-review = 您的答案

## Course results

course-results-title = 课程成绩
course-complete = 您已完成本课程。
course-incomplete = 本课程尚未完成。
course-lessons-read = 已读完的课：{ $read }/{ $total }
course-quiz-score = 测验得分：{ $percent }%（每个测验取最好成绩；需达到 { $needed }%）
course-still-to-do = 尚需完成：
course-read-lesson = 阅读“{ $title }”
course-pass-quiz = 提高“{ $title }”的得分

## Help and status line

help-title = 本界面的按键
help-close = 按 ? 或 Esc 关闭此帮助。
key-move = Up、Down、j、k：移动
key-scroll = PgUp、PgDn、Space、Home、End：滚动
key-open = Enter：打开
key-start = Enter：开始作答
key-media-keys = 1-9，或上、下键和 Enter：打开文件或跳到书签 · c：把文件复制到文件夹 · Esc：关闭
key-submit = Enter：提交并继续
key-back = Esc：返回
key-next-prev = n、p：下一项或上一项
key-continue = c：从上次离开处继续
key-export = x：导出记录
key-choose = 1-9：选择答案
key-hint = h：显示提示
key-media = o：本课的图片和链接
key-retry = r：重新作答
key-help = ?：此帮助
key-quit = q：退出
key-type = 输入答案；按 Esc 离开答题框
key-mouse = 鼠标：单击选择，滚轮滚动
bar-library = Enter：打开 · c：继续学习
bar-outline = Enter：打开 · c：继续学习 · Esc：课程库
bar-lesson = n：下一项 · Esc：目录 · o：文件 · b：书签 · m：笔记 · 空格：翻页
bar-quiz-start = Enter：开始 · n：下一项 · Esc：目录
bar-results = r：再试一次 · Enter：下一项 · Esc：目录
bar-course-results = x：导出 · c：继续学习 · Esc：目录
quiz-has-hint = h：查看提示
more-below = ▼ 下面还有：下键、PgDn
course-item-attempt-open = 第 { $n } 次作答进行中：已答 { $answered } / { $total } 题
course-quiz-no-attempts = “{ $title }”已没有作答机会：请询问培训教师
key-page = Enter、空格、PgDn：继续阅读；到结尾时按 n 打开下一项
outline-legend = ✓ 完成 · ◐ 学习中 · ✗ 未通过 · ○ 未开始 · ✎ 测验
outline-legend-ascii = [x] 完成 · [-] 学习中 · [!] 未通过 · [ ] 未开始 · Q 测验
bar-media = 1-9、Enter：打开 · c：复制 · Esc：关闭
bar-reader = Esc：返回列表 · PgDn：翻页
status-keys = ? 帮助 · q 退出
status-learner = 学员：{ $name }

## Terminal

too-small = 此窗口大小为 { $width }×{ $height }。Slate 至少需要 { $min-width }×{ $min-height }：请将窗口调大。
term-dumb = 此终端（TERM=dumb）无法显示 Slate 的界面。请使用能移动光标的终端，或用此命令检查课程：slate check PATH

## Lesson layout

callout-note = 说明
callout-tip = 提示
callout-important = 重要
callout-warning = 警告
callout-caution = 注意
footnotes = 注释

## Learners and the progress store

learners-title = 谁在学习？
learners-new = 新学员…
learners-name = 姓名
learners-email = 电子邮箱（选填）
learners-email-note = 电子邮箱仅用于您导出的课程完成记录。如不需要，可以留空。
learners-help = 选择您的名字后按 Enter，或新建学员。
learners-form-help = 输入后按 Enter 进入下一项；按 Esc 取消。
learners-name-taken = 这台电脑上已有名为“{ $name }”的学员。Enter：以 { $name } 的身份学习 · Esc：输入其他名字
learners-email-invalid = 这看起来不像电子邮件地址（例如 lan@example.org）。请更正，或留空。
learners-name-needed = 请先输入姓名。
store-restored = 进度文件已损坏：已恢复最新备份，并从损坏的文件中找回 { $answers } 个答案。
store-afresh = 进度文件已损坏且没有备份：已将 { $answers } 个答案找回到新文件中。
store-migrated = 您的进度文件已更新，以适用于此版本的 Slate。
store-save-failed = 您刚才的进度未能保存（{ $reason }）。请检查磁盘，然后继续。
course-updated = 本课程已更新（{ $old } → { $new }）：新增 { $added } 项，删除 { $removed } 项。您在其余部分的进度已保留。

## Course progress

course-item-not-started = 未开始
course-item-best = 最高 { $percent }%，已作答 { $count } 次
course-item-time = { $count } 分钟

## Notes and bookmarks

key-bookmark = b：为屏幕顶部添加书签（再按一次：删除）
key-note = m：写下您对本课的笔记
note-prompt = 您的笔记（按 Enter 保存，按 Esc 取消）
note-saved = 您的笔记已保存。
bookmark-set = 已添加书签。
bookmark-removed = 已删除书签。
media-note = 您的笔记
media-bookmarks = 您的书签

## Exporting records

export-prompt = 将学习记录写入（Enter 写入，Esc 取消）
export-done = 学习记录已写入 { $path }。请将此文件交给你的培训学院。
export-failed = 无法写入学习记录：{ $reason }。没有丢失任何数据；请换一个文件夹再试。

## Why a file could not be read

read-missing = 课程包中没有这个文件
read-outside = 这个文件指向课程包之外（{ $why }）
read-too-large = 文件太大（{ $size } MiB）
read-not-a-file = 这不是普通文件（而是文件夹、管道或设备），因此不会读取
quiz-changed = 课程检查之后测验文件已被修改；请培训者重新检查课程（slate check）
export-not-saved = 这台电脑没有保存学习进度
export-no-course = 无法读取这门课程

## Saving

save-pending = ⚠ 未保存：{ $count } 步（{ $reason }）
save-off = ⚠ 未在保存：{ $reason }
save-no-folder = 没有数据文件夹
save-folder-read-only = 无法写入数据文件夹
save-read-only-choice = 您选择了只读学习
save-lease-lost = 另一个 Slate 正在使用这位学员
quiz-unsaved = ⚠ 这个答案尚未保存：Slate 会尽快保存。
quit-unsaved = { $count } 步尚未保存，将会丢失。再按 q：退出 · 其他键：留下
learners-busy = { $name } 正在另一个 Slate 中学习（{ $where }，自 { $since } 起）。
learners-busy-here = 在这台电脑上
learners-busy-there = 在 { $host } 上
learners-busy-help = Enter：等待它关闭 · r：以只读方式打开，不保存 · Esc：返回
learners-waiting = 正在等待另一个 Slate 关闭…（Esc：返回）

## Items and courses that cannot be opened

library-unavailable = { $count } 项无法打开
library-closed-reason = 无法打开：{ $reason }
outline-unavailable = 无法打开
outline-not-completable = 课程暂时无法完成：{ $count } 项无法打开
outline-unavailable-reason = 无法打开：{ $reason }
course-not-completable = 此课程目前无法完成：{ $count } 项无法打开。请向培训教师索取修正后的版本。
course-item-unavailable = “{ $title }”无法打开：请向培训教师索取修正后的版本
item-unavailable = 此项无法打开（原因见下方）：请告知培训教师

## slate preview
preview-status = 预览 · { $watching } · { $errors } 个错误，{ $warnings } 个警告
preview-watch-events = 保存后立即显示
preview-watch-poll = 每 { $ms } 毫秒检查一次保存（{ $why }）
preview-no-quiz = 这里没有测验：请打开一个测验，或在目录中选中它，然后按 a
key-title = 答案（a 或 Esc：关闭）
key-right = [正确]
key-wrong = [    ]
key-explanation = 解析

## Printing (slate print)

print-contents = 目录
print-answer-key = 答案，供培训教师使用
print-order-help = 请按正确顺序给各项编号。
print-match-help = 在左侧每一项旁边，写上右侧与之匹配的项的字母。
print-accepted = 可接受的答案：{ $answers }
print-ignore-diacritics = （带不带声调符号均可）
