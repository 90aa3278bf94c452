# Slate user interface, English (the reference for every other language).
# Placeables: $count, $n, $total are whole numbers; $percent is a whole
# percentage; $points and $max may have decimals.

## Library

library-title = Courses
library-empty = No courses found. Start Slate with --courses FOLDER, or list folders in the configuration file.
library-lessons = { $count ->
    [one] 1 lesson
   *[other] { $count } lessons
}
library-quizzes = { $count ->
    [one] 1 quiz
   *[other] { $count } quizzes
}
library-minutes = about { $count } min
library-progress = { $done } of { $total } done
library-languages = Languages: { $languages }
library-broken = { $count ->
    [one] 1 error
   *[other] { $count } errors
} in all. Check it with: slate check { $path }
library-built-in = built in
library-signed-by = signed by { $name }
library-signed-unknown = signed by an unknown publisher
library-seal-broken = Not as it was published: its signature does not hold
library-changed = { $signed ->
    [yes] Changed after it was signed
   *[no] Changed after it was packed
}: { $file }{ $more ->
    [0] {""}
   *[other] {" "}(and { $more } more)
}
item-changed = Changed since it was packed: { $file }

## Course outline

outline-continue = Continue: { $title }
outline-complete = All done: see the course results
outline-results = Course results
outline-read = read
outline-passed = passed, { $percent }%
outline-not-passed = { $percent }%, not passed yet
outline-in-progress = in progress

## Lesson reader

lesson-end = End of the lesson
lesson-end-next = End of the lesson: n opens the next item, Esc the outline.
lesson-loading = Opening the lesson...
lesson-cannot-read = This lesson cannot be read: { $reason }
media-files = Files
media-file = file
media-links = Web links
media-reader-close = Esc: back to the list
media-not-opened = Slate never opens { $ext } files (c copies one out)
media-not-what-it-says = the file is not what its name says
media-no-viewer = no program to show it was found ({ $viewer })
media-copy-prompt = Copy to (Enter copies, Esc cancels)
media-copied = Copied to { $path }.
media-cannot-copy = Cannot copy to { $path }: { $reason }
media-title = Files, bookmarks and links of this lesson
media-help = Press a number (or Up, Down and Enter) to open a file or go to a bookmark: text in this reader, images and documents in the system viewer. c copies the selected file to a folder. Esc closes.
media-none = This lesson has no files, bookmarks or links.
media-opened = Opened { $path } in the system viewer.
quiz-cannot-open = This quiz could not be read: { $reason }
media-cannot-open = { $reason } ({ $path })
media-link = link
media-image = image

## Quiz

quiz-question = Question { $n } of { $total }
quiz-points = { $count ->
    [one] 1 point
   *[other] { $count } points
}
quiz-attempt = Attempt { $n }
quiz-hint = Hint
quiz-no-hint = This question has no hint.
quiz-correct = Correct
quiz-incorrect = Not correct
quiz-partly = Partly correct: { $points } of { $max } points
quiz-your-answer = Your answer: { $answer }
quiz-right-answer = Right answer: { $answer }
quiz-explanation = Explanation
quiz-true = True
quiz-false = False
quiz-no-answer = (no answer)
quiz-help-single = Press the number of your answer, then Enter.
quiz-help-multiple = Press numbers to select or unselect answers, then Enter.
quiz-help-true-false = Press 1 for true or 2 for false, then Enter.
quiz-help-text = Type your answer, then press Enter. Esc leaves the answer field.
quiz-help-number = Type a number, then press Enter. Esc leaves the answer field.
quiz-help-order = Type the item numbers in the correct order, then press Enter. Backspace removes the last.
quiz-help-match = For each item on the left, in turn, press the number of its match on the right. Backspace undoes.
quiz-field-left = Press Enter to type your answer.
quiz-your-order = Your order: { $order }
quiz-continue = Press Enter to continue.
quiz-saved = Answer saved. You will see the results at the end of the quiz.
quiz-give-answer = Give an answer first.
quiz-finish = Press Enter to see your results.
quiz-no-attempts = You have used all { $count } attempts at this quiz.
quiz-attempts-left = { $count ->
    [one] 1 attempt left
   *[other] { $count } attempts left
}

quiz-not-a-number = Type a number only, like 14 or 51,7.
quiz-kept = Your attempt is kept: open the quiz again to go on where you left it.
quiz-mark-first = Nothing marked: press an answer's number, then Enter.
quiz-start-questions = { $count ->
    [one] 1 question, { $points } points in all
   *[other] { $count } questions, { $points } points in all
}
quiz-start-pass = Pass mark: { $percent }%
quiz-start-attempts = Attempts: { $used } used, { $left } left
quiz-start-attempts-unlimited = Attempts: { $used } used, no limit
quiz-start-feedback-immediate = You see whether each answer is right as soon as you give it.
quiz-start-feedback-end = You see your results when you have answered every question.
quiz-start-key = Press Enter to start attempt { $n }.
quiz-start-none-left = No attempt is left at this quiz.

## Quiz results

results-title = Results: { $title }
results-score = { $points } of { $max ->
    [one] 1 point
   *[other] { $max } points
} ({ $percent }%)
results-passed = Passed: { $needed }% was needed.
results-not-passed = Not passed yet: { $needed }% is needed.
results-retry = Press r to try again.
results-review = Your answers

## Course results

course-results-title = Course results
course-complete = You have completed this course.
course-incomplete = This course is not complete yet.
course-lessons-read = Lessons read to the end: { $read } of { $total }
course-quiz-score = Quiz score: { $percent }% (best attempt of each quiz; { $needed }% needed)
course-still-to-do = Still to do:
course-read-lesson = read “{ $title }”
course-pass-quiz = improve your score in “{ $title }”

## Help and status line

help-title = Keys on this screen
help-close = Press ? or Esc to close this help.
key-move = Up, Down, j, k: move
key-scroll = PgUp, PgDn, Space, Home, End: scroll
key-open = Enter: open
key-start = Enter: start an attempt
key-media-keys = 1-9, or Up, Down and Enter: open a file or go to a bookmark · c: copy the file to a folder · Esc: close
key-submit = Enter: submit and continue
key-back = Esc: back
key-next-prev = n, p: next or previous item
key-continue = c: continue where you left off
key-export = x: export
key-choose = 1-9: choose an answer
key-hint = h: show the hint
key-media = o: images and links of this lesson
key-retry = r: try the quiz again
key-help = ?: this help
key-quit = q: quit
key-type = Type your answer; Esc leaves the answer field
key-mouse = Mouse: click to select, wheel to scroll
bar-library = Enter: open · c: continue
bar-outline = Enter: open · c: continue · Esc: library
bar-lesson = n: next · Esc: outline · o: files · b: bookmark · m: note · Space: page
bar-quiz-start = Enter: start · n: next · Esc: outline
bar-results = r: try again · Enter: next · Esc: outline
bar-course-results = x: export · c: continue · Esc: outline
quiz-has-hint = h: show a hint
more-below = ▼ more: Down, PgDn
course-item-attempt-open = attempt { $n } in progress: { $answered } of { $total } answered
course-quiz-no-attempts = “{ $title }” has no attempt left: ask your trainer
key-page = Enter, Space, PgDn: read on; at the end, n opens the next item
outline-legend = ✓ done · ◐ in progress · ✗ not passed · ○ not started · ✎ quiz
outline-legend-ascii = [x] done · [-] in progress · [!] not passed · [ ] not started · Q quiz
bar-media = 1-9, Enter: open · c: copy · Esc: close
bar-reader = Esc: back to the list · PgDn: page
status-keys = ? help · q quit
status-learner = Learner: { $name }

## Terminal

too-small = This window is { $width }×{ $height }. Slate needs at least { $min-width }×{ $min-height }: please make the window larger.
term-dumb = This terminal (TERM=dumb) cannot show Slate's screens. Use a terminal that can move the cursor, or check a course with: slate check PATH

## Lesson layout

callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution
footnotes = Notes

## Learners and the progress store

learners-title = Who is studying?
learners-new = New learner…
learners-name = Name
learners-email = Email (optional)
learners-email-note = The email is used only in the completion records you export. Leave it empty if you prefer.
learners-help = Choose your name and press Enter, or create a new learner.
learners-form-help = Type, then Enter for the next field; Esc cancels.
learners-name-taken = A learner named “{ $name }” is already on this computer. Enter: study as { $name } · Esc: type another name
learners-email-invalid = This does not look like an email address (like lan@example.org). Correct it, or leave it empty.
learners-name-needed = Please type a name first.
store-restored = Your progress file was damaged: the latest backup was restored, and { $answers } answers were recovered from the damaged file.
store-afresh = Your progress file was damaged and had no backup: { $answers } answers were recovered into a new file.
store-migrated = Your progress file was updated for this version of Slate.
store-save-failed = Your last step could not be saved ({ $reason }). Check the drive, then continue.
course-updated = This course was updated ({ $old } → { $new }): { $added } new, { $removed } removed. Your progress on the rest is kept.

## Course progress

course-item-not-started = not started
course-item-best = best { $percent }%, { $count ->
    [one] 1 attempt
   *[other] { $count } attempts
}
course-item-time = { $count } min

## Notes and bookmarks

key-bookmark = b: bookmark the top of the screen (again: remove)
key-note = m: write your note on this lesson
note-prompt = Your note (Enter saves, Esc cancels)
note-saved = Your note is saved.
bookmark-set = Bookmark set.
bookmark-removed = Bookmark removed.
media-note = Your note
media-bookmarks = Your bookmarks

## Exporting records

export-prompt = Write your records to (Enter writes, Esc cancels)
export-done = Records written to { $path }. Give this file to your training college.
export-failed = Records could not be written: { $reason }. Nothing was lost; try another folder.

## Why a file could not be read

read-missing = the file is not in the course package
read-outside = the file leads out of the course package ({ $why })
read-too-large = the file is too large ({ $size } MiB)
read-not-a-file = it is not a regular file (a folder, a pipe or a device), so it is not read
quiz-changed = the quiz file has changed since the course was checked; ask your trainer to check the course (slate check)
export-not-saved = progress is not being saved on this computer
export-no-course = the course could not be read

## Saving

save-pending = ⚠ Not saved: { $count ->
    [one] 1 step
   *[other] { $count } steps
} ({ $reason })
save-off = ⚠ Not saving: { $reason }
save-no-folder = there is no data folder
save-folder-read-only = the data folder cannot be written
save-read-only-choice = you chose to study read-only
save-lease-lost = another Slate has this learner now
quiz-unsaved = ⚠ This answer is not saved yet: Slate saves it as soon as it can.
quit-unsaved = Not saved: { $count ->
    [one] 1 step
   *[other] { $count } steps
} would be lost. q again: quit · other keys: stay
learners-busy = { $name } is studying in another Slate ({ $where }, since { $since }).
learners-busy-here = on this computer
learners-busy-there = on { $host }
learners-busy-help = Enter: wait until it closes · r: open read-only, without saving · Esc: back
learners-waiting = Waiting for the other Slate to close… (Esc: back)

## Items and courses that cannot be opened

library-unavailable = { $count ->
    [one] 1 item cannot be opened
   *[other] { $count } items cannot be opened
}
library-closed-reason = Cannot be opened: { $reason }
outline-unavailable = cannot be opened
outline-not-completable = The course cannot be completed: { $count ->
    [one] 1 item cannot be opened
   *[other] { $count } items cannot be opened
}
outline-unavailable-reason = Cannot be opened: { $reason }
course-not-completable = This course cannot be completed as it is: { $count ->
    [one] 1 item cannot be opened
   *[other] { $count } items cannot be opened
}. Ask your trainer for a corrected copy.
course-item-unavailable = “{ $title }” cannot be opened: ask your trainer for a corrected copy
item-unavailable = This item cannot be opened (why is shown below): tell your trainer

## slate preview
preview-status = Preview · { $watching } · { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}
preview-watch-events = saves seen as they happen
preview-watch-poll = looking for saves every { $ms } ms ({ $why })
preview-no-quiz = No quiz here: open a quiz, or select one in the outline, then press a
key-title = Answer key (a or Esc: close)
key-right = [right]
key-wrong = [    ]
key-explanation = Explanation

## Printing (slate print)

print-contents = Contents
print-answer-key = Answer key, for the trainer
print-order-help = Number the items in the right order.
print-match-help = Beside each item on the left, write the letter of its match on the right.
print-accepted = Accepted answers: { $answers }
print-ignore-diacritics = (with or without accents)
