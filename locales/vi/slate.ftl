# Giao diện người dùng của Slate, tiếng Việt.
# Biến: $count, $n, $total là số nguyên; $percent là phần trăm (số
# nguyên); $points và $max có thể có phần thập phân.

## Library

library-title = Khóa học
library-empty = Không tìm thấy khóa học nào. Hãy chạy Slate với --courses FOLDER, hoặc liệt kê các thư mục trong tệp cấu hình.
library-lessons = { $count } bài học
library-quizzes = { $count } bài kiểm tra
library-minutes = khoảng { $count } phút
library-progress = đã hoàn thành { $done }/{ $total }
library-languages = Ngôn ngữ: { $languages }
library-broken = Tổng cộng { $count } lỗi. Hãy kiểm tra bằng lệnh: slate check { $path }
library-built-in = có sẵn
library-signed-by = được ký bởi { $name }
library-signed-unknown = được ký bởi một nhà phát hành không rõ
library-seal-broken = Không còn như khi phát hành: chữ ký không hợp lệ
library-changed = { $signed ->
    [yes] Đã bị sửa sau khi ký
   *[no] Đã bị sửa sau khi đóng gói
}: { $file }{ $more ->
    [0] {""}
   *[other] {" "}(và { $more } tệp khác)
}
item-changed = Đã bị sửa sau đóng gói: { $file }

## Course outline

outline-continue = Tiếp tục: { $title }
outline-complete = Đã hoàn thành tất cả: xem kết quả khóa học
outline-results = Kết quả khóa học
outline-read = đã đọc
outline-passed = đạt, { $percent }%
outline-not-passed = { $percent }%, chưa đạt
outline-in-progress = đang học

## Lesson reader

lesson-end = Kết thúc bài học
lesson-end-next = Hết bài học: n mở mục tiếp theo, Esc về mục lục.
lesson-loading = Đang mở bài học...
lesson-cannot-read = Không thể đọc bài học này: { $reason }
media-files = Tệp
media-file = tệp
media-links = Liên kết web
media-reader-close = Esc: về danh sách
media-not-opened = Slate không mở tệp { $ext } (c để sao chép)
media-not-what-it-says = tệp này không đúng như tên của nó
media-no-viewer = không tìm thấy chương trình để xem ({ $viewer })
media-copy-prompt = Sao chép đến (Enter để chép, Esc để hủy)
media-copied = Đã sao chép đến { $path }.
media-cannot-copy = Không sao chép được đến { $path }: { $reason }
media-title = Tệp, dấu trang và liên kết của bài học
media-help = Nhấn một số (hoặc Lên, Xuống và Enter) để mở tệp hoặc đến dấu trang: văn bản mở ngay tại đây, hình ảnh và tài liệu mở bằng trình xem của hệ thống. c sao chép tệp đang chọn đến một thư mục. Esc để đóng.
media-none = Bài học này không có tệp, dấu trang hay liên kết nào.
media-opened = Đã mở { $path } bằng trình xem của hệ thống.
quiz-cannot-open = Không đọc được bài kiểm tra này: { $reason }
media-cannot-open = { $reason } ({ $path })
media-link = liên kết
media-image = hình ảnh

## Quiz

quiz-question = Câu hỏi { $n }/{ $total }
quiz-points = { $count } điểm
quiz-attempt = Lần làm bài thứ { $n }
quiz-hint = Gợi ý
quiz-no-hint = Câu hỏi này không có gợi ý.
quiz-correct = Đúng
quiz-incorrect = Chưa đúng
quiz-partly = Đúng một phần: { $points }/{ $max } điểm
quiz-your-answer = Câu trả lời của bạn: { $answer }
quiz-right-answer = Đáp án đúng: { $answer }
quiz-explanation = Giải thích
quiz-true = Đúng
quiz-false = Sai
quiz-no-answer = (chưa trả lời)
quiz-help-single = 1-9: chọn · Enter: gửi · Esc: mục lục
quiz-help-multiple = 1-9: chọn, bỏ chọn · Enter: gửi · Esc: mục lục
quiz-help-true-false = 1: đúng · 2: sai · Enter: gửi
quiz-help-text = Nhập câu trả lời, rồi nhấn Enter. Esc để rời ô trả lời.
quiz-help-number = Nhập một số, rồi nhấn Enter. Esc để rời ô trả lời.
quiz-help-order = Số theo thứ tự · Enter: gửi · Backspace: xóa
quiz-help-match = Số bên phải cho từng mục · Backspace: xóa
quiz-field-left = Nhấn Enter để nhập câu trả lời.
quiz-your-order = Thứ tự của bạn: { $order }
quiz-continue = Nhấn Enter để tiếp tục.
quiz-saved = Đã lưu câu trả lời. Bạn sẽ xem kết quả khi kết thúc bài kiểm tra.
quiz-give-answer = Vui lòng trả lời câu hỏi trước.
quiz-finish = Nhấn Enter để xem kết quả.
quiz-no-attempts = Bạn đã dùng hết { $count } lượt làm bài kiểm tra này.
quiz-attempts-left = Còn { $count } lượt làm bài

quiz-not-a-number = Chỉ gõ số, như 14 hoặc 51,7.
quiz-kept = Lượt làm bài được giữ lại: mở lại bài kiểm tra để làm tiếp từ chỗ đã dừng.
quiz-mark-first = Chưa chọn: nhấn số của đáp án, rồi Enter.
quiz-start-questions = { $count } câu hỏi, tổng cộng { $points } điểm
quiz-start-pass = Điểm đạt: { $percent }%
quiz-start-attempts = Số lượt: đã dùng { $used }, còn { $left }
quiz-start-attempts-unlimited = Số lượt: đã dùng { $used }, không giới hạn
quiz-start-feedback-immediate = Bạn biết mỗi câu trả lời đúng hay sai ngay khi trả lời.
quiz-start-feedback-end = Bạn xem kết quả sau khi đã trả lời hết các câu hỏi.
quiz-start-key = Nhấn Enter để bắt đầu lượt { $n }.
quiz-start-none-left = Bài kiểm tra này không còn lượt làm nào.

## Quiz results

results-title = Kết quả: { $title }
results-score = { $points } trên { $max } điểm ({ $percent }%)
results-passed = Đạt: yêu cầu { $needed }%.
results-not-passed = Chưa đạt: yêu cầu { $needed }%.
results-retry = Nhấn r để làm lại.
results-review = Câu trả lời của bạn

## Course results

course-results-title = Kết quả khóa học
course-complete = Bạn đã hoàn thành khóa học này.
course-incomplete = Bạn chưa hoàn thành khóa học này.
course-lessons-read = Số bài đã đọc hết: { $read }/{ $total }
course-quiz-score = Điểm kiểm tra: { $percent }% (lần tốt nhất của mỗi bài; cần { $needed }%)
course-still-to-do = Còn cần làm:
course-read-lesson = đọc bài “{ $title }”
course-pass-quiz = cải thiện điểm bài “{ $title }”

## Help and status line

help-title = Các phím trên màn hình này
help-close = Nhấn ? hoặc Esc để đóng phần trợ giúp này.
key-move = Up, Down, j, k: di chuyển
key-scroll = PgUp, PgDn, Space, Home, End: cuộn
key-open = Enter: mở
key-start = Enter: bắt đầu một lượt làm bài
key-media-keys = 1-9, hoặc Lên, Xuống và Enter: mở tệp hoặc đến dấu trang · c: sao chép tệp đến thư mục · Esc: đóng
key-submit = Enter: gửi và tiếp tục
key-back = Esc: quay lại
key-next-prev = n, p: mục tiếp theo hoặc mục trước
key-continue = c: tiếp tục từ chỗ đã dừng
key-export = x: xuất hồ sơ
key-choose = 1-9: chọn câu trả lời
key-hint = h: xem gợi ý
key-media = o: hình ảnh và liên kết của bài học này
key-retry = r: làm lại bài kiểm tra
key-help = ?: phần trợ giúp này
key-quit = q: thoát
key-type = Nhập câu trả lời; Esc để rời ô trả lời
key-mouse = Chuột: nhấp để chọn, lăn chuột để cuộn
bar-library = Enter: mở · c: học tiếp
bar-outline = Enter: mở · c: học tiếp · Esc: thư viện
bar-lesson = n: tiếp · Esc: mục lục · o: tệp · b: đánh dấu · m: ghi chú · Space: trang sau
bar-quiz-start = Enter: bắt đầu · n: tiếp · Esc: mục lục
bar-results = r: làm lại · Enter: tiếp · Esc: mục lục
bar-course-results = x: xuất · c: học tiếp · Esc: mục lục
quiz-has-hint = h: xem gợi ý
more-below = ▼ còn nữa: Xuống, PgDn
course-item-attempt-open = đang làm lượt { $n }: đã trả lời { $answered }/{ $total }
course-quiz-no-attempts = “{ $title }” đã hết lượt làm: hãy hỏi giảng viên
key-page = Enter, Space, PgDn: đọc tiếp; ở cuối bài, n mở mục tiếp theo
outline-legend = ✓ xong · ◐ đang học · ✗ chưa đạt · ○ chưa bắt đầu · ✎ bài kiểm tra
outline-legend-ascii = [x] xong · [-] đang học · [!] chưa đạt · [ ] chưa bắt đầu · Q bài kiểm tra
bar-media = 1-9, Enter: mở · c: sao chép · Esc: đóng
bar-reader = Esc: về danh sách · PgDn: trang sau
status-keys = ? trợ giúp · q thoát
status-learner = Người học: { $name }

## Terminal

too-small = Cửa sổ này có kích thước { $width }×{ $height }. Slate cần ít nhất { $min-width }×{ $min-height }: vui lòng mở rộng cửa sổ.
term-dumb = Terminal này (TERM=dumb) không hiển thị được giao diện Slate. Hãy dùng terminal có thể di chuyển con trỏ, hoặc kiểm tra khóa học bằng lệnh: slate check PATH

## Lesson layout

callout-note = Ghi chú
callout-tip = Mẹo
callout-important = Quan trọng
callout-warning = Cảnh báo
callout-caution = Thận trọng
footnotes = Chú thích

## Learners and the progress store

learners-title = Ai đang học?
learners-new = Người học mới…
learners-name = Tên
learners-email = Email (không bắt buộc)
learners-email-note = Email chỉ được dùng trong hồ sơ hoàn thành khóa học mà bạn xuất ra. Bạn có thể để trống nếu muốn.
learners-help = Chọn tên của bạn, rồi nhấn Enter, hoặc tạo người học mới.
learners-form-help = Nhập thông tin, rồi nhấn Enter để sang ô tiếp theo; Esc để hủy.
learners-name-taken = Máy này đã có người học tên “{ $name }”. Enter: học với tên { $name } · Esc: nhập tên khác
learners-email-invalid = Đây không giống một địa chỉ email (ví dụ lan@example.org). Hãy sửa lại, hoặc để trống.
learners-name-needed = Vui lòng nhập tên trước.
store-restored = Tệp tiến độ bị hỏng: đã khôi phục bản sao lưu gần nhất và lấy lại được { $answers } câu trả lời từ tệp hỏng.
store-afresh = Tệp tiến độ bị hỏng và không có bản sao lưu: đã lấy lại { $answers } câu trả lời vào một tệp mới.
store-migrated = Tệp tiến độ của bạn đã được cập nhật cho phiên bản Slate này.
store-save-failed = Không thể lưu thao tác vừa rồi của bạn ({ $reason }). Hãy kiểm tra ổ đĩa, rồi tiếp tục.
course-updated = Khóa học này đã được cập nhật ({ $old } → { $new }): { $added } mục mới, { $removed } mục bị xóa. Tiến độ của bạn ở các phần còn lại vẫn được giữ nguyên.

## Course progress

course-item-not-started = chưa bắt đầu
course-item-best = cao nhất { $percent }%, { $count } lần làm bài
course-item-time = { $count } phút

## Notes and bookmarks

key-bookmark = b: đặt dấu trang ở đầu màn hình (nhấn lại: xóa)
key-note = m: viết ghi chú của bạn cho bài học này
note-prompt = Ghi chú của bạn (Enter để lưu, Esc để hủy)
note-saved = Đã lưu ghi chú của bạn.
bookmark-set = Đã đặt dấu trang.
bookmark-removed = Đã xóa dấu trang.
media-note = Ghi chú của bạn
media-bookmarks = Dấu trang của bạn

## Exporting records

export-prompt = Ghi hồ sơ học tập vào (Enter để ghi, Esc để hủy)
export-done = Đã ghi hồ sơ vào { $path }. Hãy nộp tệp này cho trường đào tạo của bạn.
export-failed = Không ghi được hồ sơ: { $reason }. Không mất dữ liệu nào; hãy thử thư mục khác.

## Why a file could not be read

read-missing = tệp không có trong gói khóa học
read-outside = tệp dẫn ra ngoài gói khóa học ({ $why })
read-too-large = tệp quá lớn ({ $size } MiB)
read-not-a-file = đây không phải là một tệp thông thường (mà là thư mục, ống dẫn hoặc thiết bị), nên không được đọc
quiz-changed = tệp bài kiểm tra đã thay đổi kể từ khi khóa học được kiểm tra; hãy nhờ giảng viên kiểm tra lại khóa học (slate check)
export-not-saved = tiến độ không được lưu trên máy tính này
export-no-course = không đọc được khóa học

## Saving

save-pending = ⚠ Chưa lưu: { $count } bước ({ $reason })
save-off = ⚠ Không lưu: { $reason }
save-no-folder = không có thư mục dữ liệu
save-folder-read-only = không ghi được vào thư mục dữ liệu
save-read-only-choice = bạn đã chọn học ở chế độ chỉ đọc
save-lease-lost = một cửa sổ Slate khác đang dùng người học này
quiz-unsaved = ⚠ Câu trả lời này chưa được lưu: Slate sẽ lưu ngay khi có thể.
quit-unsaved = { $count } bước chưa lưu sẽ bị mất. Nhấn q lần nữa: thoát · phím khác: ở lại
learners-busy = { $name } đang học trong một cửa sổ Slate khác ({ $where }, từ { $since }).
learners-busy-here = trên máy tính này
learners-busy-there = trên { $host }
learners-busy-help = Enter: chờ cửa sổ kia đóng · r: mở chỉ để xem, không lưu · Esc: quay lại
learners-waiting = Đang chờ cửa sổ Slate kia đóng… (Esc: quay lại)

## Items and courses that cannot be opened

library-unavailable = { $count } mục không mở được
library-closed-reason = Không mở được: { $reason }
outline-unavailable = không mở được
outline-not-completable = Chưa thể hoàn thành khóa học: { $count } mục không mở được
outline-unavailable-reason = Không mở được: { $reason }
course-not-completable = Khóa học này chưa thể hoàn thành: { $count } mục không mở được. Hãy xin giảng viên bản đã sửa.
course-item-unavailable = “{ $title }” không mở được: hãy xin giảng viên bản đã sửa
item-unavailable = Mục này không mở được (lý do ở bên dưới): hãy báo giảng viên

## slate preview
preview-status = Xem trước · { $watching } · { $errors } lỗi, { $warnings } cảnh báo
preview-watch-events = thấy ngay mỗi lần lưu
preview-watch-poll = tìm lần lưu mới mỗi { $ms } ms ({ $why })
preview-no-quiz = Ở đây không có bài kiểm tra: hãy mở một bài kiểm tra hoặc chọn nó trong mục lục, rồi nhấn a
key-title = Đáp án (a hoặc Esc: đóng)
key-right = [đúng]
key-wrong = [    ]
key-explanation = Giải thích

## Printing (slate print)

print-contents = Mục lục
print-answer-key = Đáp án, dành cho giảng viên
print-order-help = Đánh số các mục theo đúng thứ tự.
print-match-help = Bên cạnh mỗi mục ở cột trái, hãy viết chữ cái của mục tương ứng ở cột phải.
print-accepted = Đáp án được chấp nhận: { $answers }
print-ignore-diacritics = (có dấu hoặc không dấu đều được)
