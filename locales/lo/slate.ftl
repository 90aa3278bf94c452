# ສ່ວນຕິດຕໍ່ຜູ້ໃຊ້ຂອງ Slate, ພາສາລາວ.
# ຕົວແປ: $count, $n, $total ເປັນຈຳນວນຖ້ວນ; $percent ເປັນເປີເຊັນ
# (ຈຳນວນຖ້ວນ); $points ແລະ $max ອາດມີທົດສະນິຍົມ.

## Library

library-title = ຫຼັກສູດ
library-empty = ບໍ່ພົບຫຼັກສູດໃດເລີຍ. ກະລຸນາເປີດ Slate ດ້ວຍ --courses FOLDER ຫຼື ລະບຸໂຟນເດີໃນໄຟລ໌ການຕັ້ງຄ່າ.
library-lessons = { $count } ບົດຮຽນ
library-quizzes = { $count } ແບບທົດສອບ
library-minutes = ປະມານ { $count } ນາທີ
library-progress = ສຳເລັດແລ້ວ { $done } ຈາກ { $total }
library-languages = ພາສາ: { $languages }
library-broken = ທັງໝົດ { $count } ຂໍ້ຜິດພາດ. ກວດສອບດ້ວຍຄຳສັ່ງ: slate check { $path }
library-built-in = ມີມາກັບໂປຣແກຣມ
library-signed-by = ລົງລາຍເຊັນໂດຍ { $name }
library-signed-unknown = ລົງລາຍເຊັນໂດຍຜູ້ເຜີຍແຜ່ທີ່ບໍ່ຮູ້ຈັກ
library-seal-broken = ບໍ່ຄືກັບຕອນເຜີຍແຜ່: ລາຍເຊັນບໍ່ຖືກຕ້ອງ
library-changed = { $signed ->
    [yes] ຖືກແກ້ໄຂຫຼັງຈາກລົງລາຍເຊັນ
   *[no] ຖືກແກ້ໄຂຫຼັງຈາກຫຸ້ມຫໍ່
}: { $file }{ $more ->
    [0] {""}
   *[other] {" "}(ແລະ ອີກ { $more } ໄຟລ໌)
}
item-changed = ຖືກແກ້ໄຂຫຼັງຫຸ້ມຫໍ່: { $file }

## Course outline

outline-continue = ສືບຕໍ່: { $title }
outline-complete = ສຳເລັດທັງໝົດແລ້ວ: ເບິ່ງຜົນການຮຽນຂອງຫຼັກສູດ
outline-results = ຜົນການຮຽນຂອງຫຼັກສູດ
outline-read = ອ່ານແລ້ວ
outline-passed = ຜ່ານ, { $percent }%
outline-not-passed = { $percent }%, ຍັງບໍ່ຜ່ານ
outline-in-progress = ກຳລັງຮຽນ

## Lesson reader

lesson-end = ຈົບບົດຮຽນ
lesson-end-next = ຈົບບົດຮຽນ: n ເປີດລາຍການຖັດໄປ, Esc ກັບໄປສາລະບານ.
lesson-loading = ກຳລັງເປີດບົດຮຽນ...
lesson-cannot-read = ບໍ່ສາມາດອ່ານບົດຮຽນນີ້ໄດ້: { $reason }
media-files = ໄຟລ໌
media-file = ໄຟລ໌
media-links = ລິ້ງເວັບ
media-reader-close = Esc: ກັບໄປລາຍການ
media-not-opened = Slate ບໍ່ເປີດໄຟລ໌ { $ext } (c ສຳເນົາ)
media-not-what-it-says = ໄຟລ໌ນີ້ບໍ່ແມ່ນສິ່ງທີ່ຊື່ຂອງມັນບອກ
media-no-viewer = ບໍ່ພົບໂປຣແກຣມສຳລັບເບິ່ງ ({ $viewer })
media-copy-prompt = ສຳເນົາໄປທີ່ (Enter ສຳເນົາ, Esc ຍົກເລີກ)
media-copied = ສຳເນົາໄປທີ່ { $path } ແລ້ວ.
media-cannot-copy = ສຳເນົາໄປທີ່ { $path } ບໍ່ໄດ້: { $reason }
media-title = ໄຟລ໌, ບຸກມາກ ແລະ ລິ້ງຂອງບົດຮຽນນີ້
media-help = ກົດຕົວເລກ (ຫຼື ຂຶ້ນ, ລົງ ແລະ Enter) ເພື່ອເປີດໄຟລ໌ ຫຼື ໄປຫາບຸກມາກ: ຂໍ້ຄວາມເປີດຢູ່ນີ້, ຮູບພາບ ແລະ ເອກະສານເປີດດ້ວຍໂປຣແກຣມຂອງລະບົບ. c ສຳເນົາໄຟລ໌ທີ່ເລືອກໄປໂຟນເດີ. Esc ເພື່ອປິດ.
media-none = ບົດຮຽນນີ້ບໍ່ມີໄຟລ໌, ບຸກມາກ ຫຼື ລິ້ງ.
media-opened = ເປີດ { $path } ດ້ວຍໂປຣແກຣມເບິ່ງຮູບຂອງລະບົບແລ້ວ.
quiz-cannot-open = ບໍ່ສາມາດອ່ານແບບທົດສອບນີ້ໄດ້: { $reason }
media-cannot-open = { $reason } ({ $path })
media-link = ລິ້ງ
media-image = ຮູບພາບ

## Quiz

quiz-question = ຄຳຖາມທີ { $n } ຈາກ { $total }
quiz-points = { $count } ຄະແນນ
quiz-attempt = ເຮັດຄັ້ງທີ { $n }
quiz-hint = ຄຳໃບ້
quiz-no-hint = ຄຳຖາມນີ້ບໍ່ມີຄຳໃບ້.
quiz-correct = ຖືກຕ້ອງ
quiz-incorrect = ບໍ່ຖືກຕ້ອງ
quiz-partly = ຖືກບາງສ່ວນ: { $points } ຈາກ { $max } ຄະແນນ
quiz-your-answer = ຄຳຕອບຂອງທ່ານ: { $answer }
quiz-right-answer = ຄຳຕອບທີ່ຖືກຕ້ອງ: { $answer }
quiz-explanation = ຄຳອະທິບາຍ
quiz-true = ຖືກ
quiz-false = ຜິດ
quiz-no-answer = (ບໍ່ມີຄຳຕອບ)
quiz-help-single = 1-9: ເລືອກ · Enter: ສົ່ງ · Esc: ສາລະບານ
quiz-help-multiple = 1-9: ເລືອກ, ຍົກເລີກ · Enter: ສົ່ງ · Esc: ສາລະບານ
quiz-help-true-false = 1: ຖືກ · 2: ຜິດ · Enter: ສົ່ງ
quiz-help-text = ພິມຄຳຕອບຂອງທ່ານ ແລ້ວກົດ Enter. ກົດ Esc ເພື່ອອອກຈາກຊ່ອງຄຳຕອບ.
quiz-help-number = ພິມຕົວເລກ ແລ້ວກົດ Enter. ກົດ Esc ເພື່ອອອກຈາກຊ່ອງຄຳຕອບ.
quiz-help-order = ເລກຕາມລຳດັບ · Enter: ສົ່ງ · Backspace: ລຶບ
quiz-help-match = ເລກທາງຂວາສຳລັບແຕ່ລະລາຍການ · Backspace: ລຶບ
quiz-field-left = ກົດ Enter ເພື່ອພິມຄຳຕອບ.
quiz-your-order = ລຳດັບຂອງທ່ານ: { $order }
quiz-continue = ກົດ Enter ເພື່ອສືບຕໍ່.
quiz-saved = ບັນທຶກຄຳຕອບແລ້ວ. ທ່ານຈະເຫັນຜົນຢູ່ທ້າຍແບບທົດສອບ.
quiz-give-answer = ກະລຸນາຕອບຄຳຖາມກ່ອນ.
quiz-finish = ກົດ Enter ເພື່ອເບິ່ງຜົນ.
quiz-no-attempts = ທ່ານໄດ້ໃຊ້ຄົບທັງ { $count } ຄັ້ງຂອງແບບທົດສອບນີ້ແລ້ວ.
quiz-attempts-left = ເຫຼືອອີກ { $count } ຄັ້ງ

quiz-not-a-number = ພິມສະເພາະຕົວເລກ, ເຊັ່ນ 14 ຫຼື 51,7.
quiz-kept = ການເຮັດແບບທົດສອບຂອງທ່ານຖືກເກັບໄວ້: ເປີດແບບທົດສອບອີກຄັ້ງເພື່ອເຮັດຕໍ່ຈາກບ່ອນທີ່ຢຸດໄວ້.
quiz-mark-first = ຍັງບໍ່ໄດ້ເລືອກ: ກົດເລກຂອງຄຳຕອບ, ແລ້ວ Enter.
quiz-start-questions = { $count } ຄຳຖາມ, ລວມ { $points } ຄະແນນ
quiz-start-pass = ຄະແນນຜ່ານ: { $percent }%
quiz-start-attempts = ຈຳນວນຄັ້ງ: ໃຊ້ແລ້ວ { $used }, ເຫຼືອ { $left }
quiz-start-attempts-unlimited = ຈຳນວນຄັ້ງ: ໃຊ້ແລ້ວ { $used }, ບໍ່ຈຳກັດ
quiz-start-feedback-immediate = ທ່ານຈະຮູ້ວ່າແຕ່ລະຄຳຕອບຖືກຫຼືຜິດທັນທີທີ່ຕອບ.
quiz-start-feedback-end = ທ່ານຈະເຫັນຜົນເມື່ອຕອບຄົບທຸກຄຳຖາມແລ້ວ.
quiz-start-key = ກົດ Enter ເພື່ອເລີ່ມຄັ້ງທີ { $n }.
quiz-start-none-left = ແບບທົດສອບນີ້ບໍ່ມີຄັ້ງເຫຼືອແລ້ວ.

## Quiz results

results-title = ຜົນການທົດສອບ: { $title }
results-score = { $points } ຈາກ { $max } ຄະແນນ ({ $percent }%)
results-passed = ຜ່ານແລ້ວ: ເກນຜ່ານແມ່ນ { $needed }%.
results-not-passed = ຍັງບໍ່ຜ່ານ: ຕ້ອງໄດ້ { $needed }%.
results-retry = ກົດ r ເພື່ອເຮັດໃໝ່.
results-review = ຄຳຕອບຂອງທ່ານ

## Course results

course-results-title = ຜົນການຮຽນຂອງຫຼັກສູດ
course-complete = ທ່ານຮຽນຈົບຫຼັກສູດນີ້ແລ້ວ.
course-incomplete = ຫຼັກສູດນີ້ຍັງບໍ່ສຳເລັດ.
course-lessons-read = ບົດຮຽນທີ່ອ່ານຈົບ: { $read } ຈາກ { $total }
course-quiz-score = ຄະແນນແບບທົດສອບ: { $percent }% (ຄັ້ງທີ່ດີທີ່ສຸດຂອງແຕ່ລະແບບທົດສອບ; ຕ້ອງໄດ້ { $needed }%)
course-still-to-do = ຍັງຕ້ອງເຮັດ:
course-read-lesson = ອ່ານ “{ $title }”
course-pass-quiz = ປັບປຸງຄະແນນໃນ “{ $title }”

## Help and status line

help-title = ປຸ່ມໃນໜ້າຈໍນີ້
help-close = ກົດ ? ຫຼື Esc ເພື່ອປິດໜ້າຊ່ວຍເຫຼືອນີ້.
key-move = Up, Down, j, k: ຍ້າຍ
key-scroll = PgUp, PgDn, Space, Home, End: ເລື່ອນໜ້າ
key-open = Enter: ເປີດ
key-start = Enter: ເລີ່ມເຮັດແບບທົດສອບ
key-media-keys = 1-9, ຫຼື ຂຶ້ນ, ລົງ ແລະ Enter: ເປີດໄຟລ໌ ຫຼື ໄປຫາບຸກມາກ · c: ສຳເນົາໄຟລ໌ໄປໂຟນເດີ · Esc: ປິດ
key-submit = Enter: ສົ່ງ ແລະ ສືບຕໍ່
key-back = Esc: ກັບຄືນ
key-next-prev = n, p: ລາຍການຕໍ່ໄປ ຫຼື ກ່ອນໜ້າ
key-continue = c: ສືບຕໍ່ຈາກບ່ອນທີ່ຄ້າງໄວ້
key-export = x: ສົ່ງອອກ
key-choose = 1-9: ເລືອກຄຳຕອບ
key-hint = h: ສະແດງຄຳໃບ້
key-media = o: ຮູບພາບ ແລະ ລິ້ງຂອງບົດຮຽນນີ້
key-retry = r: ເຮັດແບບທົດສອບໃໝ່
key-help = ?: ໜ້າຊ່ວຍເຫຼືອນີ້
key-quit = q: ອອກ
key-type = ພິມຄຳຕອບ; ກົດ Esc ເພື່ອອອກຈາກຊ່ອງຄຳຕອບ
key-mouse = ເມົາສ໌: ຄລິກເພື່ອເລືອກ, ໝຸນລໍ້ເພື່ອເລື່ອນ
bar-library = Enter: ເປີດ · c: ຮຽນຕໍ່
bar-outline = Enter: ເປີດ · c: ຮຽນຕໍ່ · Esc: ຫ້ອງສະໝຸດ
bar-lesson = n: ຖັດໄປ · Esc: ສາລະບານ · o: ໄຟລ໌ · b: ບຸກມາກ · m: ບັນທຶກ · Space: ໜ້າຕໍ່ໄປ
bar-quiz-start = Enter: ເລີ່ມ · n: ຖັດໄປ · Esc: ສາລະບານ
bar-results = r: ເຮັດໃໝ່ · Enter: ຖັດໄປ · Esc: ສາລະບານ
bar-course-results = x: ສົ່ງອອກ · c: ຮຽນຕໍ່ · Esc: ສາລະບານ
quiz-has-hint = h: ເບິ່ງຄຳແນະນຳ
more-below = ▼ ຍັງມີອີກ: ລົງ, PgDn
course-item-attempt-open = ກຳລັງເຮັດຄັ້ງທີ { $n }: ຕອບແລ້ວ { $answered } ຈາກ { $total }
course-quiz-no-attempts = “{ $title }” ບໍ່ມີຄັ້ງເຫຼືອແລ້ວ: ກະລຸນາຖາມຜູ້ຝຶກສອນ
key-page = Enter, Space, PgDn: ອ່ານຕໍ່; ເມື່ອຮອດທ້າຍ, n ເປີດລາຍການຖັດໄປ
outline-legend = ✓ ແລ້ວ · ◐ ກຳລັງຮຽນ · ✗ ບໍ່ຜ່ານ · ○ ຍັງບໍ່ເລີ່ມ · ✎ ແບບທົດສອບ
outline-legend-ascii = [x] ແລ້ວ · [-] ກຳລັງຮຽນ · [!] ບໍ່ຜ່ານ · [ ] ຍັງບໍ່ເລີ່ມ · Q ແບບທົດສອບ
bar-media = 1-9, Enter: ເປີດ · c: ສຳເນົາ · Esc: ປິດ
bar-reader = Esc: ກັບໄປລາຍການ · PgDn: ໜ້າຕໍ່ໄປ
status-keys = ? ຊ່ວຍເຫຼືອ · q ອອກ
status-learner = ຜູ້ຮຽນ: { $name }

## Terminal

too-small = ໜ້າຕ່າງນີ້ມີຂະໜາດ { $width }×{ $height }. Slate ຕ້ອງການຢ່າງໜ້ອຍ { $min-width }×{ $min-height }: ກະລຸນາຂະຫຍາຍໜ້າຕ່າງໃຫ້ໃຫຍ່ຂຶ້ນ.
term-dumb = ເທີມິນອນນີ້ (TERM=dumb) ບໍ່ສາມາດສະແດງໜ້າຈໍຂອງ Slate ໄດ້. ກະລຸນາໃຊ້ເທີມິນອນທີ່ຍ້າຍເຄີເຊີໄດ້ ຫຼື ກວດສອບຫຼັກສູດດ້ວຍຄຳສັ່ງ: slate check PATH

## Lesson layout

callout-note = ໝາຍເຫດ
callout-tip = ເຄັດລັບ
callout-important = ສຳຄັນ
callout-warning = ຄຳເຕືອນ
callout-caution = ລະວັງ
footnotes = ໝາຍເຫດທ້າຍບົດ

## Learners and the progress store

learners-title = ໃຜກຳລັງຮຽນ?
learners-new = ຜູ້ຮຽນໃໝ່…
learners-name = ຊື່
learners-email = ອີເມວ (ບໍ່ບັງຄັບ)
learners-email-note = ອີເມວຈະໃຊ້ສະເພາະໃນບັນທຶກການຮຽນຈົບທີ່ທ່ານສົ່ງອອກເທົ່ານັ້ນ. ຖ້າທ່ານບໍ່ຕ້ອງການ ກໍປ່ອຍຫວ່າງໄວ້ໄດ້.
learners-help = ເລືອກຊື່ຂອງທ່ານ ແລ້ວກົດ Enter ຫຼື ສ້າງຜູ້ຮຽນໃໝ່.
learners-form-help = ພິມ ແລ້ວກົດ Enter ເພື່ອໄປຊ່ອງຕໍ່ໄປ; ກົດ Esc ເພື່ອຍົກເລີກ.
learners-name-taken = ມີຜູ້ຮຽນຊື່ “{ $name }” ຢູ່ໃນຄອມພິວເຕີນີ້ແລ້ວ. Enter: ຮຽນໃນຊື່ { $name } · Esc: ພິມຊື່ອື່ນ
learners-email-invalid = ນີ້ບໍ່ຄືທີ່ຢູ່ອີເມວ (ເຊັ່ນ lan@example.org). ກະລຸນາແກ້ໄຂ, ຫຼື ປ່ອຍຫວ່າງໄວ້.
learners-name-needed = ກະລຸນາພິມຊື່ກ່ອນ.
store-restored = ໄຟລ໌ຄວາມຄືບໜ້າເສຍຫາຍ: ໄດ້ກູ້ຄືນໄຟລ໌ສຳຮອງລ່າສຸດ ແລະ ເອົາຄຳຕອບ { $answers } ຂໍ້ຄືນມາຈາກໄຟລ໌ທີ່ເສຍ.
store-afresh = ໄຟລ໌ຄວາມຄືບໜ້າເສຍຫາຍ ແລະ ບໍ່ມີໄຟລ໌ສຳຮອງ: ໄດ້ເອົາຄຳຕອບ { $answers } ຂໍ້ຄືນມາໃສ່ໄຟລ໌ໃໝ່.
store-migrated = ໄຟລ໌ຄວາມຄືບໜ້າຂອງທ່ານໄດ້ຖືກປັບປຸງໃຫ້ໃຊ້ກັບ Slate ລຸ້ນນີ້ແລ້ວ.
store-save-failed = ບໍ່ສາມາດບັນທຶກຂັ້ນຕອນລ່າສຸດຂອງທ່ານໄດ້ ({ $reason }). ກະລຸນາກວດສອບບ່ອນເກັບຂໍ້ມູນ ແລ້ວສືບຕໍ່.
course-updated = ຫຼັກສູດນີ້ໄດ້ຖືກປັບປຸງ ({ $old } → { $new }): ເພີ່ມໃໝ່ { $added } ລາຍການ, ລຶບອອກ { $removed } ລາຍການ. ຄວາມຄືບໜ້າຂອງທ່ານໃນສ່ວນທີ່ເຫຼືອຍັງເກັບໄວ້ຄືເກົ່າ.

## Course progress

course-item-not-started = ຍັງບໍ່ໄດ້ເລີ່ມ
course-item-best = ສູງສຸດ { $percent }%, ເຮັດ { $count } ຄັ້ງ
course-item-time = { $count } ນາທີ

## Notes and bookmarks

key-bookmark = b: ໃສ່ບຸກມາກທີ່ສ່ວນເທິງຂອງໜ້າຈໍ (ກົດອີກຄັ້ງ: ລຶບອອກ)
key-note = m: ຂຽນໝາຍເຫດຂອງທ່ານສຳລັບບົດຮຽນນີ້
note-prompt = ໝາຍເຫດຂອງທ່ານ (ກົດ Enter ເພື່ອບັນທຶກ, ກົດ Esc ເພື່ອຍົກເລີກ)
note-saved = ບັນທຶກໝາຍເຫດຂອງທ່ານແລ້ວ.
bookmark-set = ໃສ່ບຸກມາກແລ້ວ.
bookmark-removed = ລຶບບຸກມາກແລ້ວ.
media-note = ໝາຍເຫດຂອງທ່ານ
media-bookmarks = ບຸກມາກຂອງທ່ານ

## Exporting records

export-prompt = ບັນທຶກຂໍ້ມູນການຮຽນໄປທີ່ (Enter ເພື່ອບັນທຶກ, Esc ເພື່ອຍົກເລີກ)
export-done = ບັນທຶກຂໍ້ມູນການຮຽນໄວ້ທີ່ { $path } ແລ້ວ. ກະລຸນາສົ່ງໄຟລ໌ນີ້ໃຫ້ວິທະຍາໄລຝຶກອົບຮົມຂອງທ່ານ.
export-failed = ບັນທຶກຂໍ້ມູນການຮຽນບໍ່ໄດ້: { $reason }. ບໍ່ມີຂໍ້ມູນໃດເສຍຫາຍ; ລອງໃຊ້ໂຟນເດີອື່ນ.

## Why a file could not be read

read-missing = ບໍ່ມີໄຟລ໌ນີ້ໃນຊຸດຫຼັກສູດ
read-outside = ໄຟລ໌ນີ້ຊີ້ອອກໄປນອກຊຸດຫຼັກສູດ ({ $why })
read-too-large = ໄຟລ໌ໃຫຍ່ເກີນໄປ ({ $size } MiB)
read-not-a-file = ນີ້ບໍ່ແມ່ນໄຟລ໌ທຳມະດາ (ແຕ່ເປັນໂຟນເດີ, ທໍ່ສົ່ງ ຫຼື ອຸປະກອນ), ຈຶ່ງບໍ່ອ່ານ
quiz-changed = ໄຟລ໌ແບບທົດສອບຖືກປ່ຽນແປງຫຼັງຈາກກວດສອບຫຼັກສູດແລ້ວ; ກະລຸນາໃຫ້ຄູຝຶກກວດສອບຫຼັກສູດອີກຄັ້ງ (slate check)
export-not-saved = ຄອມພິວເຕີນີ້ບໍ່ໄດ້ບັນທຶກຄວາມຄືບໜ້າ
export-no-course = ບໍ່ສາມາດອ່ານຫຼັກສູດໄດ້

## Saving

save-pending = ⚠ ບໍ່ໄດ້ບັນທຶກ: { $count } ຂັ້ນຕອນ ({ $reason })
save-off = ⚠ ບໍ່ໄດ້ບັນທຶກ: { $reason }
save-no-folder = ບໍ່ມີໂຟນເດີຂໍ້ມູນ
save-folder-read-only = ບໍ່ສາມາດຂຽນລົງໂຟນເດີຂໍ້ມູນໄດ້
save-read-only-choice = ທ່ານເລືອກຮຽນແບບອ່ານຢ່າງດຽວ
save-lease-lost = ມີ Slate ອື່ນກຳລັງໃຊ້ຜູ້ຮຽນຄົນນີ້ຢູ່
quiz-unsaved = ⚠ ຄຳຕອບນີ້ຍັງບໍ່ໄດ້ບັນທຶກ: Slate ຈະບັນທຶກທັນທີທີ່ເຮັດໄດ້.
quit-unsaved = { $count } ຂັ້ນຕອນທີ່ບໍ່ໄດ້ບັນທຶກຈະເສຍໄປ. ກົດ q ອີກ: ອອກ · ປຸ່ມອື່ນ: ຢູ່ຕໍ່
learners-busy = { $name } ກຳລັງຮຽນຢູ່ໃນ Slate ອື່ນ ({ $where }, ຕັ້ງແຕ່ { $since }).
learners-busy-here = ຢູ່ໃນຄອມພິວເຕີນີ້
learners-busy-there = ຢູ່ໃນ { $host }
learners-busy-help = Enter: ລໍຖ້າໃຫ້ມັນປິດ · r: ເປີດແບບອ່ານຢ່າງດຽວ ບໍ່ບັນທຶກ · Esc: ກັບຄືນ
learners-waiting = ກຳລັງລໍຖ້າໃຫ້ Slate ອື່ນປິດ… (Esc: ກັບຄືນ)

## Items and courses that cannot be opened

library-unavailable = { $count } ລາຍການເປີດບໍ່ໄດ້
library-closed-reason = ເປີດບໍ່ໄດ້: { $reason }
outline-unavailable = ເປີດບໍ່ໄດ້
outline-not-completable = ຍັງຮຽນຈົບຫຼັກສູດບໍ່ໄດ້: { $count } ລາຍການເປີດບໍ່ໄດ້
outline-unavailable-reason = ເປີດບໍ່ໄດ້: { $reason }
course-not-completable = ຫຼັກສູດນີ້ຍັງຮຽນຈົບບໍ່ໄດ້: { $count } ລາຍການເປີດບໍ່ໄດ້. ກະລຸນາຂໍສະບັບທີ່ແກ້ໄຂແລ້ວຈາກຜູ້ຝຶກສອນ.
course-item-unavailable = “{ $title }” ເປີດບໍ່ໄດ້: ກະລຸນາຂໍສະບັບທີ່ແກ້ໄຂແລ້ວຈາກຜູ້ຝຶກສອນ
item-unavailable = ລາຍການນີ້ເປີດບໍ່ໄດ້ (ເຫດຜົນຢູ່ດ້ານລຸ່ມ): ກະລຸນາແຈ້ງຜູ້ຝຶກສອນ

## slate preview
preview-status = ເບິ່ງກ່ອນ · { $watching } · ຜິດພາດ { $errors }, ຄຳເຕືອນ { $warnings }
preview-watch-events = ເຫັນທັນທີທຸກຄັ້ງທີ່ບັນທຶກ
preview-watch-poll = ກວດການບັນທຶກທຸກໆ { $ms } ms ({ $why })
preview-no-quiz = ບໍ່ມີແບບທົດສອບຢູ່ນີ້: ເປີດແບບທົດສອບ ຫຼື ເລືອກມັນໃນສາລະບານ, ແລ້ວກົດ a
key-title = ຄຳຕອບ (a ຫຼື Esc: ປິດ)
key-right = [ຖືກ]
key-wrong = [    ]
key-explanation = ຄຳອະທິບາຍ

## Printing (slate print)

print-contents = ສາລະບານ
print-answer-key = ຄຳຕອບ, ສຳລັບຄູຝຶກ
print-order-help = ໃສ່ເລກລຽງລຳດັບລາຍການໃຫ້ຖືກຕ້ອງ.
print-match-help = ຂຽນຕົວອັກສອນຂອງລາຍການທີ່ກົງກັນຢູ່ເບື້ອງຂວາ ໄວ້ຂ້າງແຕ່ລະລາຍການຢູ່ເບື້ອງຊ້າຍ.
print-accepted = ຄຳຕອບທີ່ຍອມຮັບ: { $answers }
print-ignore-diacritics = (ມີ ຫຼື ບໍ່ມີເຄື່ອງໝາຍກໍໄດ້)
