<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../fieldkit/gui/base/actions.py" line="+71"/>
        <source>&amp;New interview</source>
        <translation>&amp;Новое интервью</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark as &amp;ready</source>
        <translation>Отметить как &amp;готовое</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete interview…</source>
        <translation>&amp;Удалить интервью…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+65"/>
        <source>&amp;Lock</source>
        <translation>&amp;Заблокировать</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+65"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>Quick e&amp;xit</source>
        <translation>&amp;Экстренный выход</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lock, clear the clipboard and quit at once, with no question asked (Ctrl+Shift+Q, from any window)</source>
        <translation>Заблокировать, очистить буфер обмена и сразу выйти, без вопросов (Ctrl+Shift+Q, из любого окна)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+54"/>
        <source>&amp;Find…</source>
        <translation>&amp;Найти…</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>&amp;Enroll HQ…</source>
        <translation>&amp;Зарегистрировать центральный офис…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This kit&apos;s &amp;card…</source>
        <translation>&amp;Карточка этого устройства…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E&amp;xport to HQ…</source>
        <translation>&amp;Отправить в центральный офис…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Apply HQ &amp;receipt…</source>
        <translation>Применить &amp;подтверждение получения…</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+40"/>
        <source>&amp;Change passphrase…</source>
        <translation>&amp;Сменить парольную фразу…</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+40"/>
        <source>Check &amp;integrity</source>
        <translation>Проверить &amp;целостность</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>&amp;Back up…</source>
        <translation>Создать &amp;резервную копию…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Destroy this vault…</source>
        <translation>&amp;Уничтожить это хранилище…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;About fieldkit</source>
        <translation>&amp;О программе fieldkit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Import bundles…</source>
        <translation>&amp;Импортировать пакеты…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export dataset…</source>
        <translation>&amp;Экспорт данных…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Enroll kit…</source>
        <translation>&amp;Зарегистрировать устройство…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;HQ card…</source>
        <translation>&amp;Карточка центрального офиса…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xchange</source>
        <translation>&amp;Обмен</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kits</source>
        <translation>&amp;Устройства</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Vault</source>
        <translation>&amp;Хранилище</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Main</source>
        <translation>Главная панель</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>&amp;Sent and not yet sent…</source>
        <translation>&amp;Отправленные и неотправленные…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;User guide</source>
        <translation>&amp;Руководство</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_viewer.py" line="+202"/>
        <location line="+51"/>
        <location filename="../../fieldkit/gui/kit/photo_viewer.py" line="+85"/>
        <location line="+65"/>
        <source>This photo is too large to show.</source>
        <extracomment>The most a photo is reduced as it is decoded (libjpeg&apos;s smallest scale).</extracomment>
        <translation>Эта фотография слишком велика, чтобы её показать.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/photo_viewer.py" line="+4"/>
        <source>This photo cannot be shown: it cannot be decoded.</source>
        <translation>Эту фотографию нельзя показать: её не удаётся декодировать.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Photo</source>
        <extracomment>The attachment changed in the vault (blurred, reviewed, looked at for faces).</extracomment>
        <translation>Фотография</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ctrl++ zoom in, Ctrl+- zoom out, Ctrl+0 fit, Esc close</source>
        <translation>Ctrl++ крупнее, Ctrl+- мельче, Ctrl+0 по размеру окна, Esc закрыть</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_viewer.py" line="-195"/>
        <source>Recordings and videos cannot be played on this computer: Qt Multimedia could not be loaded (a system library, such as PulseAudio&apos;s, is missing).</source>
        <translation>Записи и видео нельзя воспроизвести на этом компьютере: не удалось загрузить Qt Multimedia (не хватает системной библиотеки, например PulseAudio).</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+71"/>
        <source>Play</source>
        <translation>Воспроизвести</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Play or pause</source>
        <translation>Воспроизвести или приостановить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Position</source>
        <translation>Позиция</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This file cannot be played here: its format is not one this computer&apos;s player reads. It is kept in the vault as it was attached.</source>
        <translation>Этот файл нельзя воспроизвести здесь: проигрыватель этого компьютера не читает его формат. Файл хранится в хранилище в том виде, в каком был прикреплён.</translation>
    </message>
    <message>
        <location line="+51"/>
        <location line="+22"/>
        <source>Only photos, recordings and videos are shown inside the app in this version.</source>
        <translation>В этой версии внутри программы показываются только фотографии, записи и видео.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/photo_viewer.py" line="+6"/>
        <source>&amp;Blur…</source>
        <translation>&amp;Размыть…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Blur faces and regions in what is sent</source>
        <translation>Размыть лица и области в том, что отправляется</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_text.py" line="+16"/>
        <source>on SSDs, USB sticks, SD cards and phones, wear levelling can keep the old blocks readable after any overwrite; only full-disk encryption protects them</source>
        <translation>на SSD, USB-флешках, SD-картах и телефонах из-за выравнивания износа старые блоки могут остаться читаемыми после любой перезаписи; защищает их только шифрование всего диска</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>GB</source>
        <translation>ГБ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MB</source>
        <translation>МБ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KB</source>
        <translation>КБ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} bytes</source>
        <translation>{n} байт</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>not examined</source>
        <translation>не проверен</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no metadata found</source>
        <translation>метаданных не найдено</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>nothing: stays on this kit</source>
        <translation>ничего: остаётся на этом устройстве</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a copy without metadata</source>
        <translation>копия без метаданных</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the original — not reviewed: held at export</source>
        <translation>оригинал — не проверен: задерживается при экспорте</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the original (reviewed)</source>
        <translation>оригинал (проверен)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the original</source>
        <translation>оригинал</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A copy without metadata</source>
        <translation>Копия без метаданных</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The original (chain of custody)</source>
        <translation>Оригинал (цепочка хранения доказательств)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing: keep it on this kit</source>
        <translation>Ничего: оставить на этом устройстве</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachments_panel.py" line="+50"/>
        <location line="+5"/>
        <location line="+99"/>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carries</source>
        <translation>Содержит</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sends</source>
        <translation>Отправляется</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No attachments. Add photos, recordings or documents, or drop files here; they are sealed in the vault.</source>
        <translation>Вложений нет. Добавьте фотографии, записи или документы или перетащите файлы сюда; они запечатываются в хранилище.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_adding.py" line="+51"/>
        <source>Atta&amp;ch files…</source>
        <translation>Доб&amp;авить файлы…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>Attach files</source>
        <translation>Добавить файлы</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachments_panel.py" line="+11"/>
        <source>Vie&amp;w or play</source>
        <translation>Показать или &amp;воспроизвести</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View or play</source>
        <translation>Показать или воспроизвести</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+158"/>
        <source>Remove attachment</source>
        <translation>Удалить вложение</translation>
    </message>
    <message>
        <location line="-156"/>
        <source>What is sent to HQ</source>
        <translation>Что отправляется в центральный офис</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sends:</source>
        <translation>Отправляется:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Metadata reviewed</source>
        <translation>Метаданные проверены</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark the metadata as reviewed</source>
        <translation>Отметить метаданные как проверенные</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You read what the original carries (place, serial number, author) and it may go to HQ: the export stops holding this interview back for it.</source>
        <translation>Вы прочитали, что содержит оригинал (место, серийный номер, автор), и его можно отправить в центральный офис: экспорт перестаёт задерживать из-за него это интервью.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What the file carries</source>
        <translation>Что содержит файл</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_adding.py" line="-23"/>
        <source>Sealing into the vault</source>
        <translation>Запечатывание в хранилище</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel adding</source>
        <translation>Отменить добавление</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachments_panel.py" line="+89"/>
        <source>Metadata reviewed ✓</source>
        <translation>Метаданные проверены ✓</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark metadata reviewed</source>
        <translation>Отметить метаданные как проверенные</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} carries: {carries}. SHA-256 {sha}…</source>
        <translation>{name} содержит: {carries}. SHA-256 {sha}…</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_adding.py" line="+48"/>
        <location line="+53"/>
        <source>Not attached</source>
        <translation>Не прикреплено</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>The interview must be saved before files can be attached: fill in a field (the date, say) and fix any marked in red, then try again.</source>
        <translation>Прежде чем прикреплять файлы, интервью нужно сохранить: заполните поле (например, дату) и исправьте отмеченные красным, затем попробуйте снова.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Sealed in the vault. The original files are still where they were. Overwrite and remove them now? Note: {flash}.</source>
        <translation>Запечатано в хранилище. Исходные файлы остались на прежнем месте. Перезаписать и удалить их сейчас? Учтите: {flash}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove the originals?</source>
        <translation>Удалить исходные файлы?</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not all removed</source>
        <translation>Удалены не все</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} of the original files could not be removed.</source>
        <translation>Не удалось удалить исходных файлов: {n}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachments_panel.py" line="+32"/>
        <source>Not changed</source>
        <translation>Не изменено</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove {name} from this interview? Its key is erased: the sealed file can never be read again, on this computer or from a backup made after now.</source>
        <translation>Удалить {name} из этого интервью? Его ключ стирается: запечатанный файл больше никогда не удастся прочитать ни на этом компьютере, ни из резервной копии, сделанной после этого.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not removed</source>
        <translation>Не удалено</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+18"/>
        <location line="+9"/>
        <source>Cannot show it here</source>
        <translation>Здесь показать нельзя</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachment_text.py" line="-17"/>
        <source>a copy without metadata, faces blurred ({n})</source>
        <translation>копия без метаданных, лица размыты ({n})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> — faces not blurred: held at export</source>
        <translation> — лица не размыты: задерживается при экспорте</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/attachments_panel.py" line="-214"/>
        <source>Ta&amp;ke a recording…</source>
        <translation>На&amp;чать запись…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record sound</source>
        <translation>Записать звук</translation>
    </message>
    <message>
        <location line="+199"/>
        <source>The recording this quote points to is no longer attached.</source>
        <translation>Запись, на которую указывает эта цитата, больше не прикреплена.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>No microphone</source>
        <translation>Нет микрофона</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer has no sound input that the app can use: connect a microphone (or check that its sound system is running) and try again.</source>
        <translation>На этом компьютере нет звукового входа, которым может пользоваться программа: подключите микрофон (или проверьте, что звуковая система запущена) и попробуйте снова.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../fieldkit/gui/kit/backup_dialog.py" line="+29"/>
        <location line="+1"/>
        <source>Back up the vault</source>
        <translation>Резервная копия хранилища</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writes an encrypted copy of the whole vault into a new folder, on a USB stick or another disk. It opens with the same passphrase or recovery key; keep it somewhere else than this computer.</source>
        <translation>Записывает зашифрованную копию всего хранилища в новую папку на USB-накопителе или другом диске. Она открывается той же парольной фразой или ключом восстановления; храните её не на этом компьютере.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Back up</source>
        <translation>&amp;Создать копию</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder for the backup</source>
        <translation>Папка для резервной копии</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Folder:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose where to write the backup (e.g. a USB stick)</source>
        <translation>Выберите, куда записать резервную копию (например, на USB-накопитель)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Writing the backup…</source>
        <translation>Запись резервной копии…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The backup is the folder “{name}” in {folder}. Its name says nothing about what it holds; to restore it, choose Restore from a backup… when fieldkit starts without a vault, or run fieldkit restore.</source>
        <translation>Резервная копия — папка «{name}» в {folder}. Её имя ничего не говорит о содержимом; чтобы восстановить её, выберите «Восстановить из резервной копии…», когда fieldkit запускается без хранилища, или выполните fieldkit restore.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>BlurMode</name>
    <message>
        <location filename="../../fieldkit/gui/kit/blur_mode.py" line="+50"/>
        <source>Blur &amp;faces</source>
        <extracomment>The picture must be painted again (a region added, removed or chosen). The attachment changed in the vault (blurred, reviewed, looked at for faces).</extracomment>
        <translation>Размыть &amp;лица</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blur the faces found</source>
        <translation>Размыть найденные лица</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove region</source>
        <translation>&amp;Убрать область</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save blurred copy</source>
        <translation>&amp;Сохранить размытую копию</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the blurred copy: it is what is sent</source>
        <translation>Сохранить размытую копию: именно она отправляется</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Faces re&amp;viewed</source>
        <translation>Лица про&amp;верены</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You looked at the photo and its faces may go as they are: the export stops holding this interview back for them.</source>
        <translation>Вы посмотрели фотографию, и лица на ней можно отправить как есть: экспорт больше не задерживает из-за них это интервью.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Faces and regions</source>
        <translation>Лица и области</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drag over the photo to blur a region; Tab chooses a region, Delete removes it. Detection misses faces: look at the whole photo.</source>
        <translation>Проведите мышью по фотографии, чтобы размыть область; Tab выбирает область, Delete убирает её. Распознавание пропускает лица: просмотрите всю фотографию.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This photo was not looked at for faces.</source>
        <translation>На этой фотографии ещё не искали лица.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Faces found: {found}. Regions to blur: {regions}.</source>
        <translation>Найдено лиц: {found}. Областей для размытия: {regions}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not saved yet.</source>
        <translation>Ещё не сохранено.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reviewed by a person.</source>
        <translation>Проверено человеком.</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Looking for faces…</source>
        <translation>Поиск лиц…</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Blurring… (the copy is made from the original)</source>
        <translation>Размытие… (копия делается из оригинала)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Not blurred</source>
        <translation>Не размыто</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saved: regions blurred in what is sent: {n}.</source>
        <translation>Сохранено: в отправляемой копии размыто областей: {n}.</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../fieldkit/gui/session/vault_dialogs.py" line="+39"/>
        <location line="+9"/>
        <source>Change passphrase</source>
        <translation>Смена парольной фразы</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Saving the new passphrase…</source>
        <translation>Сохранение новой парольной фразы…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Saving the new passphrase</source>
        <translation>Сохранение новой парольной фразы</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Change passphrase</source>
        <translation>&amp;Сменить парольную фразу</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a new passphrase</source>
        <translation>Выберите новую парольную фразу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The recovery key stays the same. The interviews are not rewritten.</source>
        <translation>Ключ восстановления остаётся прежним. Интервью не перезаписываются.</translation>
    </message>
</context>
<context>
    <name>ClipDialog</name>
    <message>
        <location filename="../../fieldkit/gui/kit/clip_dialog.py" line="+31"/>
        <source>Where in the recording</source>
        <translation>Где в записи</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recording</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starts at</source>
        <translation>Начало</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ends at</source>
        <translation>Конец</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 1:20</source>
        <translation>например, 1:20</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Point here</source>
        <translation>&amp;Указать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The quote will show where in the recording it was said, and play that stretch. Type times as minutes:seconds.</source>
        <translation>У цитаты будет указано, где в записи она прозвучала, и этот отрезок можно будет воспроизвести. Время вводится как минуты:секунды.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Recording:</source>
        <translation>&amp;Запись:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Starts at:</source>
        <translation>&amp;Начало:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ends at:</source>
        <translation>&amp;Конец:</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Type both times as minutes:seconds, e.g. 1:05</source>
        <translation>Введите оба времени как минуты:секунды, например 1:05</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The stretch must start before it ends, within a day</source>
        <translation>Отрезок должен начинаться раньше, чем заканчивается, и укладываться в сутки</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a recording</source>
        <translation>Выберите запись</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No recording</source>
        <translation>Нет записи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This interview has no recording or video yet: attach or record one.</source>
        <translation>У этого интервью пока нет записи или видео: прикрепите или запишите его.</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <location filename="../../fieldkit/gui/base/i18n.py" line="+73"/>
        <source>Not recorded</source>
        <translation>Не указано</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Oral</source>
        <translation>Устное</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written</source>
        <translation>Письменное</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not given</source>
        <translation>Не дано</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../../fieldkit/gui/app.py" line="+132"/>
        <source>Preferences</source>
        <extracomment>The first-run dialog chose a vault made elsewhere (its folder): the session is on it now.</extracomment>
        <translation>Настройки</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The preferences can be changed once the import or export has finished.</source>
        <translation>Настройки можно будет изменить, когда закончится импорт или отправка.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The translation could not be loaded; fieldkit stays in English.</source>
        <translation>Не удалось загрузить перевод; fieldkit остаётся на английском.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The vault cannot be opened</source>
        <translation>Хранилище не открывается</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>Vault destroyed</source>
        <translation>Хранилище уничтожено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vault&apos;s keys were destroyed; nobody can open it any more.</source>
        <translation>Ключи хранилища уничтожены; открыть его больше не сможет никто.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Destroying the vault failed</source>
        <translation>Не удалось уничтожить хранилище</translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <location filename="../../fieldkit/gui/base/plurals.py" line="+18"/>
        <source>%n interview(s)</source>
        <translation>
            <numerusform>%n интервью</numerusform>
            <numerusform>%n интервью</numerusform>
            <numerusform>%n интервью</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%n revision(s)</source>
        <translation>
            <numerusform>%n версия</numerusform>
            <numerusform>%n версии</numerusform>
            <numerusform>%n версий</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n строка</numerusform>
            <numerusform>%n строки</numerusform>
            <numerusform>%n строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n quote(s)</source>
        <translation>
            <numerusform>%n цитата</numerusform>
            <numerusform>%n цитаты</numerusform>
            <numerusform>%n цитат</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The check found %n problem(s). Restore the vault from a backup.</source>
        <translation>
            <numerusform>Проверка нашла %n проблему. Восстановите хранилище из резервной копии.</numerusform>
            <numerusform>Проверка нашла %n проблемы. Восстановите хранилище из резервной копии.</numerusform>
            <numerusform>Проверка нашла %n проблем. Восстановите хранилище из резервной копии.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n interview(s) are in bundle number {sequence}, written to {folder}. Take the file to HQ; they will send back a receipt.</source>
        <translation>
            <numerusform>В пакете № {sequence}, записанном в {folder}, %n интервью. Передайте файл в центральный офис; оттуда пришлют подтверждение получения.</numerusform>
            <numerusform>В пакете № {sequence}, записанном в {folder}, %n интервью. Передайте файл в центральный офис; оттуда пришлют подтверждение получения.</numerusform>
            <numerusform>В пакете № {sequence}, записанном в {folder}, %n интервью. Передайте файл в центральный офис; оттуда пришлют подтверждение получения.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n interview(s) were already confirmed by HQ.</source>
        <translation>
            <numerusform>%n интервью уже подтверждено центральным офисом.</numerusform>
            <numerusform>%n интервью уже подтверждены центральным офисом.</numerusform>
            <numerusform>%n интервью уже подтверждены центральным офисом.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n interview(s) were held back and stay on this computer. Click one to open it.</source>
        <translation>
            <numerusform>%n интервью не отправлено и остаётся на этом компьютере. Нажмите на него, чтобы открыть.</numerusform>
            <numerusform>%n интервью не отправлены и остаются на этом компьютере. Нажмите на интервью, чтобы открыть его.</numerusform>
            <numerusform>%n интервью не отправлены и остаются на этом компьютере. Нажмите на интервью, чтобы открыть его.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>HQ confirmed receiving %n interview(s).</source>
        <translation>
            <numerusform>Центральный офис подтвердил получение %n интервью.</numerusform>
            <numerusform>Центральный офис подтвердил получение %n интервью.</numerusform>
            <numerusform>Центральный офис подтвердил получение %n интервью.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>With them go %n attachment(s) ({size}).</source>
        <translation>
            <numerusform>С ними уходит %n вложение ({size}).</numerusform>
            <numerusform>С ними уходят %n вложения ({size}).</numerusform>
            <numerusform>С ними уходят %n вложений ({size}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n attachment(s) stay on this computer: set to be kept here.</source>
        <translation>
            <numerusform>%n вложение остаётся на этом компьютере: так выбрано.</numerusform>
            <numerusform>%n вложения остаются на этом компьютере: так выбрано.</numerusform>
            <numerusform>%n вложений остаются на этом компьютере: так выбрано.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>HQ confirmed holding %n attachment(s).</source>
        <translation>
            <numerusform>Центральный офис подтвердил, что хранит %n вложение.</numerusform>
            <numerusform>Центральный офис подтвердил, что хранит %n вложения.</numerusform>
            <numerusform>Центральный офис подтвердил, что хранит %n вложений.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n attachment(s) HQ holds were erased from here, with their originals.</source>
        <translation>
            <numerusform>%n вложение, которое хранит центральный офис, стёрто отсюда вместе с оригиналом.</numerusform>
            <numerusform>%n вложения, которые хранит центральный офис, стёрты отсюда вместе с оригиналами.</numerusform>
            <numerusform>%n вложений, которые хранит центральный офис, стёрты отсюда вместе с оригиналами.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n attachment(s) of those interviews stay here: kept here by choice, or HQ does not hold them as they are now.</source>
        <translation>
            <numerusform>%n вложение этих интервью остаётся здесь: так выбрано, или центральный офис не хранит его в нынешнем виде.</numerusform>
            <numerusform>%n вложения этих интервью остаются здесь: так выбрано, или центральный офис не хранит их в нынешнем виде.</numerusform>
            <numerusform>%n вложений этих интервью остаются здесь: так выбрано, или центральный офис не хранит их в нынешнем виде.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>The quotes and notes of %n interview(s) were removed from here.</source>
        <translation>
            <numerusform>Цитаты и заметки %n интервью удалены с этого компьютера.</numerusform>
            <numerusform>Цитаты и заметки %n интервью удалены с этого компьютера.</numerusform>
            <numerusform>Цитаты и заметки %n интервью удалены с этого компьютера.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n interview(s) changed after they were sent; they go with the next export.</source>
        <translation>
            <numerusform>%n интервью изменено после отправки; оно уйдёт со следующей отправкой.</numerusform>
            <numerusform>%n интервью изменены после отправки; они уйдут со следующей отправкой.</numerusform>
            <numerusform>%n интервью изменены после отправки; они уйдут со следующей отправкой.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>HQ holds %n interview(s) for review because they disagree with a version it already has.</source>
        <translation>
            <numerusform>Центральный офис отложил на проверку %n интервью: оно расходится с версией, которая у него уже есть.</numerusform>
            <numerusform>Центральный офис отложил на проверку %n интервью: они расходятся с версией, которая у него уже есть.</numerusform>
            <numerusform>Центральный офис отложил на проверку %n интервью: они расходятся с версией, которая у него уже есть.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-78"/>
        <source>%n kit(s) enrolled</source>
        <translation>
            <numerusform>Зарегистрировано %n устройство</numerusform>
            <numerusform>Зарегистрировано %n устройства</numerusform>
            <numerusform>Зарегистрировано %n устройств</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-3"/>
        <source>%n identifying detail(s) to review</source>
        <translation>
            <numerusform>%n идентифицирующая деталь ждёт проверки</numerusform>
            <numerusform>%n идентифицирующие детали ждут проверки</numerusform>
            <numerusform>%n идентифицирующих деталей ждут проверки</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-8"/>
        <source>%n interview(s) will go in this bundle.</source>
        <translation>
            <numerusform>В этот пакет войдёт %n интервью.</numerusform>
            <numerusform>В этот пакет войдут %n интервью.</numerusform>
            <numerusform>В этот пакет войдут %n интервью.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n more interview(s) do not fit in one bundle: the next export sends them.</source>
        <translation>
            <numerusform>Ещё %n интервью не помещается в один пакет: его отправит следующий экспорт.</numerusform>
            <numerusform>Ещё %n интервью не помещаются в один пакет: их отправит следующий экспорт.</numerusform>
            <numerusform>Ещё %n интервью не помещаются в один пакет: их отправит следующий экспорт.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n interview(s) not confirmed by HQ have no backup yet: Vault → Back up…</source>
        <translation>
            <numerusform>Интервью без подтверждения центрального офиса и без резервной копии: %n. Хранилище → Создать резервную копию…</numerusform>
            <numerusform>Интервью без подтверждения центрального офиса и без резервной копии: %n. Хранилище → Создать резервную копию…</numerusform>
            <numerusform>Интервью без подтверждения центрального офиса и без резервной копии: %n. Хранилище → Создать резервную копию…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-4"/>
        <source>⚠ %n identifying detail(s) nobody reviewed</source>
        <translation>
            <numerusform>⚠ %n идентифицирующая деталь, которую никто не проверил</numerusform>
            <numerusform>⚠ %n идентифицирующие детали, которые никто не проверил</numerusform>
            <numerusform>⚠ %n идентифицирующих деталей, которые никто не проверил</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CountryCombo</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/fields.py" line="+117"/>
        <source>— not set —</source>
        <extracomment>Names the region&apos;s NGOs write where pycountry&apos;s catalogue (ISO 3166&apos;s Russian names, some from Soviet usage) says otherwise: (language, ISO code) -&gt; name. Kyrgyzstan&apos;s and Moldova&apos;s own Russian-language usage, which human-rights reports from the region follow, is &quot;Кыргызстан&quot; and &quot;Молдова&quot; (pycountry: &quot;Киргизия&quot;, &quot;Молдавия&quot;). Kazakhstan, Uzbekistan, Tajikistan and Turkmenistan were checked: pycountry already writes them as they do.</extracomment>
        <translation>— не указана —</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/date_entry.py" line="+186"/>
        <source>Interview date</source>
        <extracomment>Month names are recognised from this many letters on (&quot;feb&quot;, &quot;февр&quot;).</extracomment>
        <translation>Дата интервью</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. {iso} or {local}</source>
        <translation>например, {iso} или {local}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Calendar…</source>
        <translation>Календарь…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick the date in a calendar</source>
        <translation>Выбрать дату в календаре</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the date to today</source>
        <translation>Поставить сегодняшнюю дату</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the date</source>
        <translation>Очистить дату</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The date as read</source>
        <translation>Дата, как она прочитана</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Not set. Type it as {iso} or {local}, or pick it in the calendar.</source>
        <translation>Не указана. Введите её как {iso} или {local} либо выберите в календаре.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not read: dates are typed as {local} here. Did you mean {date}? Then type {iso}.</source>
        <translation>Не прочитано: здесь даты вводятся как {local}. Вы имели в виду {date}? Тогда введите {iso}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not read as a date: type it as {iso} or {local}.</source>
        <translation>Не прочитано как дата: введите её как {iso} или {local}.</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Not read: write the year with four digits.</source>
        <translation>Не прочитано: напишите год четырьмя цифрами.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not read: there is no such day in the calendar.</source>
        <translation>Не прочитано: такого дня в календаре нет.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../fieldkit/gui/base/errors.py" line="+42"/>
        <source>The file could not be read or written: {reason}.</source>
        <translation>Не удалось прочитать или записать файл: {reason}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An unexpected error occurred ({name}). Your saved interviews are safe.</source>
        <translation>Произошла непредвиденная ошибка ({name}). Сохранённые интервью не пострадали.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+55"/>
        <source>fieldkit</source>
        <translation>fieldkit</translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <location filename="../../fieldkit/gui/kit/exchange.py" line="+33"/>
        <source>fieldkit cards (*.fkcard *.card *.json);;All files (*)</source>
        <translation>Карточки fieldkit (*.fkcard *.card *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Enroll HQ</source>
        <translation>Регистрация центрального офиса</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose HQ&apos;s card</source>
        <translation>Выберите карточку центрального офиса</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This kit already sends its bundles to this HQ ({name}).</source>
        <translation>Это устройство уже отправляет пакеты в этот центральный офис ({name}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This card says it belongs to “{name}”. Anyone can write that, so call HQ on a number you already know and ask them to read out their fingerprint. Trust the card only if every character below matches.</source>
        <translation>В карточке написано, что она принадлежит «{name}». Написать так может кто угодно, поэтому позвоните в центральный офис по уже известному вам номеру и попросите продиктовать отпечаток. Доверяйте карточке, только если совпадает каждый знак ниже.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It &amp;matches — trust this HQ</source>
        <translation>&amp;Совпадает — доверять этому центральному офису</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Replace HQ</source>
        <translation>Замена центрального офиса</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This kit sends its bundles to another HQ ({old}, fingerprint {fingerprint}). Send to “{name}” from now on instead? Receipts from the old HQ will no longer be accepted.</source>
        <translation>Это устройство отправляет пакеты в другой центральный офис ({old}, отпечаток {fingerprint}). Отправлять теперь вместо него в «{name}»? Подтверждения получения от прежнего офиса больше не будут приниматься.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>This kit&apos;s card</source>
        <translation>Карточка этого устройства</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HQ enrolls this kit from its card, a small public file. When HQ calls, read out this fingerprint so they can check the card they received is this kit&apos;s.</source>
        <translation>Центральный офис регистрирует устройство по его карточке — небольшому открытому файлу. Когда из офиса позвонят, продиктуйте этот отпечаток, чтобы там убедились, что полученная карточка — от этого устройства.</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>&amp;Save card…</source>
        <translation>&amp;Сохранить карточку…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Save this kit&apos;s card</source>
        <translation>Сохранить карточку этого устройства</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Apply HQ receipt</source>
        <translation>Применить подтверждение получения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply a receipt from HQ</source>
        <translation>Применить подтверждение получения из центрального офиса</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HQ writes a receipt for every bundle it imports. Applying it marks the interviews HQ stored as received.</source>
        <translation>На каждый импортированный пакет центральный офис выдаёт подтверждение получения. Если его применить, сохранённые офисом интервью будут отмечены как полученные.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Apply receipt</source>
        <translation>При&amp;менить подтверждение</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Receipt file</source>
        <translation>Файл подтверждения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Receipt:</source>
        <translation>&amp;Подтверждение:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;move confirmed quotes and notes from this computer</source>
        <translation>&amp;Удалить с этого компьютера подтверждённые цитаты и заметки</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove confirmed quotes and notes from this computer</source>
        <translation>Удалить с этого компьютера подтверждённые цитаты и заметки</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only interviews whose content is exactly what HQ confirmed. Date, place and role stay so the list still shows what was sent.</source>
        <translation>Только интервью, содержимое которых в точности совпадает с подтверждённым центральным офисом. Дата, место и роль остаются, чтобы в списке было видно, что отправлено.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose HQ&apos;s receipt</source>
        <translation>Выберите подтверждение получения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HQ receipts (*.fkreceipt);;All files (*)</source>
        <translation>Подтверждения получения (*.fkreceipt);;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Remove confirmed interviews</source>
        <translation>Удаление подтверждённых интервью</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the quotes and private notes of every interview HQ confirmed from this computer? This cannot be undone here; HQ keeps its copy.</source>
        <translation>Удалить с этого компьютера цитаты и личные заметки всех интервью, подтверждённых центральным офисом? Здесь это отменить нельзя; копия остаётся в центральном офисе.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking and applying the receipt…</source>
        <translation>Проверка и применение подтверждения…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Receipt applied</source>
        <translation>Подтверждение применено</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/widgets/list_model.py" line="+68"/>
        <source>Confirmed by HQ</source>
        <translation>Подтверждено центральным офисом</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Edited since it was sent: the next export sends it again</source>
        <translation>Изменено после отправки: следующий экспорт отправит его снова</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Not yet sent to HQ</source>
        <extracomment>HQ&apos;s list only: how many attachments are shown with the interview (📎 and a count). Where an interview stands with HQ: the mark shown (its words are the tooltip). The columns the vault can order by (tags cannot: an interview has several).</extracomment>
        <translation>Ещё не отправлено в центральный офис</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sent; HQ&apos;s receipt not applied yet</source>
        <translation>Отправлено; подтверждение получения от центрального офиса ещё не применено</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../fieldkit/gui/kit/export_dialog.py" line="+244"/>
        <source>an attachment nobody reviewed (a photo&apos;s faces not blurred, or an original&apos;s metadata): open it and see its attachments</source>
        <translation>вложение, которое никто не проверил (лица на фотографии не размыты или метаданные оригинала): откройте интервью и посмотрите его вложения</translation>
    </message>
    <message>
        <location line="-177"/>
        <source>This kit was restored from a backup: this bundle starts a new timeline, which HQ keeps beside anything sent after that backup.</source>
        <translation>Это устройство восстановлено из резервной копии: этот пакет начинает новую линию истории, и центральный офис сохранит её рядом со всем, что было отправлено после той копии.</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+1"/>
        <location line="+145"/>
        <source>Export to HQ</source>
        <translation>Отправка в центральный офис</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Writes one encrypted bundle with every interview HQ has not confirmed yet. Only {name} can open it; private field notes never leave this computer.</source>
        <translation>Записывает один зашифрованный пакет со всеми интервью, которые центральный офис ещё не подтвердил. Открыть его сможет только {name}; личные полевые заметки никогда не покидают этот компьютер.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export</source>
        <translation>&amp;Отправить</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder for the bundle</source>
        <translation>Папка для пакета</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Folder:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also send &amp;drafts that are complete</source>
        <translation>Отправить и заполненные &amp;черновики</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also send drafts that are complete</source>
        <translation>Отправить и заполненные черновики</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Choose where to write the bundle (e.g. a USB stick)</source>
        <translation>Выберите, куда записать пакет (например, на флешку)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Writing the bundle…</source>
        <translation>Запись пакета…</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The bundle is written</source>
        <translation>Пакет записан</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>{what}
Held back: {reason}</source>
        <translation>{what}
Не отправлено: {reason}</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Nothing new to send</source>
        <translation>Нечего отправлять</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No bundle was written: HQ has every interview that is ready.</source>
        <translation>Пакет не записан: все готовые интервью уже есть в центральном офисе.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Interviews held back</source>
        <translation>Задержанные интервью</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>(empty draft)</source>
        <translation>(пустой черновик)</translation>
    </message>
    <message>
        <location line="-155"/>
        <source>Checking what will be sent…</source>
        <translation>Проверяем, что будет отправлено…</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Held back ({n}): {reason}</source>
        <translation>Задержано ({n}): {reason}</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Nothing new to send: HQ has every interview that is ready.</source>
        <translation>Отправлять нечего: у центрального офиса есть все готовые интервью.</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>What will be sent</source>
        <extracomment>What the export will send, checked before the click (read again as drafts change).</extracomment>
        <translation>Что будет отправлено</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/filter_bar.py" line="+36"/>
        <source>Search quotes, roles, places, tags…</source>
        <translation>Поиск по цитатам, ролям, местам, тегам…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search interviews</source>
        <translation>Поиск интервью</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Status filter</source>
        <translation>Фильтр по статусу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tag filter</source>
        <translation>Фильтр по тегу</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Between</source>
        <translation>Ме&amp;жду</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by interview date</source>
        <translation>Фильтр по дате интервью</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>From date</source>
        <translation>С даты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To date</source>
        <translation>По дату</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>and</source>
        <translation>и</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>How many interviews are shown</source>
        <translation>Сколько интервью показано</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Search:</source>
        <translation>Поис&amp;к:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stat&amp;us:</source>
        <translation>Стат&amp;ус:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;ag:</source>
        <translation>Т&amp;ег:</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Any tag</source>
        <translation>Любой тег</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>No interviews yet</source>
        <translation>Интервью пока нет</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 interview</source>
        <translation>1 интервью</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} interviews</source>
        <translation>{n} интервью</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{shown} of {total} interviews</source>
        <translation>{shown} из {total} интервью</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>Form answer filter</source>
        <translation>Фильтр по ответу анкеты</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>B&amp;y answer:</source>
        <translation>От&amp;бор по ответу:</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Any answer</source>
        <translation>Любой ответ</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../fieldkit/gui/session/first_run.py" line="+55"/>
        <source>Welcome to fieldkit</source>
        <translation>Добро пожаловать в fieldkit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Welcome to fieldkit HQ</source>
        <translation>Добро пожаловать в fieldkit: центральный офис</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>e.g. ADC Memorial</source>
        <translation>например, АДЦ «Мемориал»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Organisation:</source>
        <translation>&amp;Организация:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Named on HQ&apos;s card; kits see it when they enroll HQ. It is required.</source>
        <translation>Указывается в карточке центрального офиса; устройства видят её при регистрации офиса. Обязательное поле.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Printed in citations (“Interview with …”). You can leave it empty.</source>
        <translation>Печатается в ссылках на источник («Interview with …»). Можно оставить пустым.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Creating the vault</source>
        <translation>Создание хранилища</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Creating the vault…</source>
        <translation>Создание хранилища…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problem creating the vault</source>
        <translation>Ошибка при создании хранилища</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Create vault</source>
        <translation>&amp;Создать хранилище</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Create vault</source>
        <translation>Создать хранилище</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;existing HQ folder…</source>
        <translation>Открыть &amp;имеющуюся папку центрального офиса…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open &amp;existing vault…</source>
        <translation>Открыть &amp;имеющееся хранилище…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open an existing HQ folder</source>
        <translation>Открыть существующую папку центрального офиса</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open an existing vault folder</source>
        <translation>Открыть папку существующего хранилища</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Create HQ&apos;s central dataset</source>
        <translation>Создание центральной базы</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The central dataset holds every interview the kits send, encrypted on this computer, and HQ&apos;s keys: bundles can only be opened here. Nothing can be read without the passphrase you choose now.</source>
        <translation>Центральная база хранит в зашифрованном виде на этом компьютере все интервью, присланные с устройств, и ключи центрального офиса: открыть пакеты можно только здесь. Без парольной фразы, которую вы сейчас выберете, ничего прочитать нельзя.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Create your encrypted vault</source>
        <translation>Создайте зашифрованное хранилище</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fieldkit keeps your interviews in an encrypted vault on this computer. Nothing can be read without the passphrase you choose now.</source>
        <translation>fieldkit хранит ваши интервью в зашифрованном хранилище на этом компьютере. Без парольной фразы, которую вы сейчас выберете, ничего прочитать нельзя.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Choose the HQ folder</source>
        <translation>Выберите папку центрального офиса</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose the vault folder</source>
        <translation>Выберите папку хранилища</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no fieldkit vault in {folder}.</source>
        <translation>В папке {folder} нет хранилища fieldkit.</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Restore from a &amp;backup…</source>
        <translation>&amp;Восстановить из резервной копии…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restore from a backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Recovery key</source>
        <translation>Ключ восстановления</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last group of the recovery key</source>
        <translation>Последняя группа ключа восстановления</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>&amp;Type its last group to confirm:</source>
        <translation>&amp;Для подтверждения введите последнюю группу:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>I have written it &amp;down</source>
        <translation>Я его &amp;записал(а)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>I have written it down</source>
        <translation>Я его записал(а)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write down your recovery key</source>
        <translation>Запишите ключ восстановления</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>If you forget the passphrase, this key is the only way to open the vault. Write it on paper now and keep it apart from this computer. It is shown only this once.</source>
        <translation>Если вы забудете парольную фразу, только этот ключ откроет хранилище. Запишите его сейчас на бумаге и храните отдельно от компьютера. Он показывается только один раз.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Recovery key not confirmed</source>
        <translation>Ключ восстановления не подтверждён</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The vault is created, but you have not confirmed the recovery key. Without it a forgotten passphrase cannot be recovered. Quit anyway?</source>
        <translation>Хранилище создано, но вы не подтвердили ключ восстановления. Без него забытую парольную фразу не восстановить. Всё равно выйти?</translation>
    </message>
</context>
<context>
    <name>FormFields</name>
    <message>
        <location filename="../../fieldkit/gui/kit/form_fields.py" line="+90"/>
        <source>Which form</source>
        <extracomment>A text input made for a field the form marks sensitive (the widget, its label): the editor&apos;s anonymisation review watches it like a quote.</extracomment>
        <translation>Какая анкета</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Form: {title}</source>
        <translation>Анкета: {title}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{title}, version {version}. Fields marked * are needed to mark as ready.</source>
        <translation>{title}, версия {version}. Поля, отмеченные *, нужно заполнить, прежде чем отметить как готовое.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Form: {ref}</source>
        <translation>Анкета: {ref}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This interview was filled with {ref}, a form version that is not on this computer, so its answers are shown by field name and cannot be edited here. They are kept as they are.</source>
        <translation>Это интервью заполнено по анкете {ref}, а этой версии анкеты нет на этом компьютере, поэтому ответы показаны по именам полей и изменить их здесь нельзя. Они сохраняются как есть.</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>e.g. {iso} or {local}</source>
        <translation>например, {iso} или {local}</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../fieldkit/gui/base/help.py" line="+50"/>
        <source>The user guide was not installed with this copy of fieldkit.</source>
        <translation>Руководство не установлено вместе с этой копией fieldkit.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>User guide</source>
        <translation>Руководство</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>fieldkit user guide</source>
        <translation>Руководство fieldkit</translation>
    </message>
</context>
<context>
    <name>HoldReason</name>
    <message>
        <location filename="../../fieldkit/gui/base/i18n.py" line="+7"/>
        <source>a draft, not marked as ready</source>
        <translation>черновик, не отмеченный как готовый</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a draft still missing the date, place, role or a quote</source>
        <translation>в черновике ещё нет даты, места, роли или цитаты</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>names, numbers or addresses nobody has reviewed: open it and fix or keep each underlined detail</source>
        <translation>имена, номера или адреса, которые никто не проверил: откройте интервью и исправьте или оставьте каждую подчёркнутую деталь</translation>
    </message>
</context>
<context>
    <name>HqAttachments</name>
    <message>
        <location filename="../../fieldkit/gui/hq/attachments.py" line="+50"/>
        <source>original</source>
        <extracomment>The hashes are shown by their first characters (the tooltip has the whole).</extracomment>
        <translation>оригинал</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>copy without metadata</source>
        <translation>копия без метаданных</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+7"/>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HQ holds</source>
        <translation>Хранится в офисе</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kit</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bundle</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>Получено</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Original&apos;s SHA-256</source>
        <translation>SHA-256 оригинала</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Press Enter on a row to view the photo or play the recording, from the sealed copy in the dataset.</source>
        <translation>Нажмите Enter на строке, чтобы посмотреть фотографию или прослушать запись из зашифрованной копии в данных центрального офиса.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No attachments came with it.</source>
        <translation>Вложений к нему не пришло.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vie&amp;w or play</source>
        <translation>Показать или &amp;воспроизвести</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View or play</source>
        <translation>Показать или воспроизвести</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save a co&amp;py…</source>
        <translation>Сохранить &amp;расшифрованную копию…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save an unencrypted copy outside the dataset</source>
        <translation>Сохранить незашифрованную копию вне данных центрального офиса</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Attachment {n} of interview {id} (kit {kit})</source>
        <translation>Вложение {n} интервью {id} (устройство {kit})</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot show it here</source>
        <translation>Здесь показать нельзя</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save an unencrypted copy?</source>
        <translation>Сохранить незашифрованную копию?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The copy will be outside the dataset, unencrypted, and stays readable by anyone with this disk; remove it when done. Note: {flash}.</source>
        <translation>Копия окажется вне данных центрального офиса, незашифрованной, и останется читаемой для любого, у кого есть этот диск; удалите её, когда она станет не нужна. Учтите: {flash}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save a copy of the attachment</source>
        <translation>Сохранить копию вложения</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Copy saved</source>
        <translation>Копия сохранена</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrote an unencrypted copy to {path}. Remove it when done.</source>
        <translation>Незашифрованная копия записана в {path}. Удалите её, когда она станет не нужна.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
</context>
<context>
    <name>HqDialogs</name>
    <message>
        <location filename="../../fieldkit/gui/hq/dialogs.py" line="+28"/>
        <source>Enroll kit</source>
        <translation>Регистрация устройства</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the kit&apos;s card</source>
        <translation>Выберите карточку устройства</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This kit is already enrolled.</source>
        <translation>Это устройство уже зарегистрировано.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Call the researcher on a number you already know and ask them to read out the fingerprint shown under Exchange → This kit&apos;s card. Enroll the kit only if every character below matches.</source>
        <translation>Позвоните исследователю по уже известному вам номеру и попросите продиктовать отпечаток из меню «Обмен → Карточка этого устройства». Регистрируйте устройство, только если совпадает каждый знак ниже.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It &amp;matches — enroll this kit</source>
        <translation>&amp;Совпадает — зарегистрировать устройство</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>HQ card</source>
        <translation>Карточка центрального офиса</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kits enroll this HQ from its card, a small public file. When a researcher calls, read out this fingerprint so they can check their copy of the card.</source>
        <translation>Устройства регистрируют центральный офис по его карточке — небольшому открытому файлу. Когда позвонит исследователь, продиктуйте этот отпечаток, чтобы он мог проверить свою копию карточки.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save HQ&apos;s card</source>
        <translation>Сохранить карточку центрального офиса</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>JSON Lines (one interview per line)</source>
        <translation>JSON Lines (одно интервью в строке)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CSV (one row per quote)</source>
        <translation>CSV (одна строка на цитату)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Uwazi CSV import</source>
        <translation>CSV для импорта в Uwazi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Citations for a report (Markdown)</source>
        <translation>Цитаты для доклада (Markdown)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Export dataset</source>
        <translation>Экспорт данных</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the central dataset</source>
        <translation>Экспорт центральной базы</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export is not encrypted: keep it on an encrypted disk and share it only with people who may read every interview.</source>
        <translation>Экспорт не зашифрован: храните его на зашифрованном диске и передавайте только тем, кому можно читать все интервью.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export</source>
        <translation>&amp;Экспортировать</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Format:</source>
        <translation>&amp;Формат:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File to write</source>
        <translation>Файл для записи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;as:</source>
        <translation>Сохранить &amp;как:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a &amp;byte-order mark (for Excel)</source>
        <translation>Добавить &amp;метку порядка байтов (для Excel)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a byte-order mark for Excel</source>
        <translation>Добавить метку порядка байтов для Excel</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Export to file</source>
        <translation>Экспорт в файл</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Export written</source>
        <translation>Экспорт записан</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrote {what} to {file}.</source>
        <translation>Записано в {file} — {what}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Writing the export…</source>
        <translation>Запись экспорта…</translation>
    </message>
</context>
<context>
    <name>HqWindow</name>
    <message>
        <location filename="../../fieldkit/gui/hq/window.py" line="+55"/>
        <source>fieldkit HQ</source>
        <translation>fieldkit — центральный офис</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Views</source>
        <translation>Разделы</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Interviews</source>
        <translation>&amp;Интервью</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>I&amp;mports</source>
        <translation>И&amp;мпорт</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+66"/>
        <source>&amp;Quarantine</source>
        <translation>Кара&amp;нтин</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Ki&amp;ts</source>
        <translation>Ус&amp;тройства</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>&amp;Quarantine ({n})</source>
        <translation>Кара&amp;нтин ({n})</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Choose bundles to import</source>
        <translation>Выберите пакеты для импорта</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fieldkit bundles (*{suffix});;All files (*)</source>
        <translation>Пакеты fieldkit (*{suffix});;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>HQ&apos;s card was saved.</source>
        <translation>Карточка центрального офиса сохранена.</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>{kits} · {waiting} in quarantine</source>
        <translation>{kits} · на карантине: {waiting}</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <location filename="../../fieldkit/gui/hq/import_queue.py" line="+70"/>
        <source>Bundle {n} of the earlier timeline is already here.</source>
        <translation>Пакет № {n} прежней линии истории уже здесь.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Bundles {first}–{last} of the earlier timeline are already here.</source>
        <translation>Пакеты № {first}–{last} прежней линии истории уже здесь.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Kit {kit} was restored from a backup: a new timeline starts after bundle {n}.</source>
        <translation>Устройство {kit} восстановлено из резервной копии: после пакета № {n} начинается новая линия истории.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Bundle {n} of kit {kit} has not arrived.</source>
        <translation>Пакет № {n} с устройства {kit} не поступал.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… and {n} more bundles of kit {kit}.</source>
        <translation>… и ещё пакетов с устройства {kit}: {n}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bundle {n} of kit {kit} does not follow the bundle before it (the kit may have been restored from a backup).</source>
        <translation>Пакет № {n} с устройства {kit} не продолжает предыдущий пакет (возможно, устройство восстановлено из резервной копии).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Already imported before; the same receipt was written again.</source>
        <translation>Уже импортирован ранее; то же подтверждение получения записано ещё раз.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{n} new</source>
        <translation>новых: {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} already sent by another kit</source>
        <translation>уже присланы с другого устройства: {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} updated</source>
        <translation>обновлено: {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} unchanged</source>
        <translation>без изменений: {n}</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+8"/>
        <source>{n} quarantined</source>
        <translation>на карантин: {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no interviews in it</source>
        <translation>интервью в нём нет</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>Drop bundle files (.fkbundle) or a folder of them anywhere on this window, or use Import bundles (Ctrl+I). Each bundle is checked completely before anything is merged, and its receipt for the kit is written next to it.</source>
        <extracomment>From the import&apos;s thread: a bundle&apos;s result, and the generation it belongs to. The Imports tab&apos;s columns (by index); shown in the order of :data:`SHOWN_ORDER`.</extracomment>
        <translation>Перетащите файлы пакетов (.fkbundle) или папку с ними в любое место этого окна либо воспользуйтесь командой «Импортировать пакеты» (Ctrl+I). Каждый пакет полностью проверяется до объединения, а подтверждение получения для устройства записывается рядом с ним.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import progress</source>
        <translation>Ход импорта</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Stop after this bundle</source>
        <translation>&amp;Остановить после этого пакета</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bundle</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kit</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Importing bundle {n} of {total}…</source>
        <translation>Импорт пакета {n} из {total}…</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Warning: {text}</source>
        <translation>Предупреждение: {text}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Receipt for the kit: {file}</source>
        <translation>Подтверждение получения для устройства: {file}</translation>
    </message>
    <message>
        <location line="-265"/>
        <source>Rejected, nothing imported</source>
        <translation>Отклонён, ничего не импортировано</translation>
    </message>
    <message>
        <location line="+253"/>
        <source>Why: {reason}</source>
        <translation>Причина: {reason}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/revoke.py" line="+52"/>
        <source>Held before; nothing changed.</source>
        <translation>Уже задержан ранее; ничего не изменилось.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Held, not merged: the kit was revoked. {n} in quarantine, no receipt.</source>
        <translation>Задержан, не объединён: устройство отозвано. В карантине: {n}, подтверждение получения не записано.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Held, not merged: signed with a key the kit moved away from. {n} in quarantine, no receipt.</source>
        <translation>Задержан, не объединён: подписан ключом, который устройство сменило. В карантине: {n}, подтверждение получения не записано.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Bundles quarantined because their kit was revoked: {n}</source>
        <translation>Пакетов в карантине, потому что их устройство отозвано: {n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bundles quarantined because of a replaced kit key: {n}</source>
        <translation>Пакетов в карантине из-за сменённого ключа устройства: {n}</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/import_queue.py" line="-250"/>
        <source>{n} stored</source>
        <translation>сохранено: {n}</translation>
    </message>
    <message>
        <location line="+184"/>
        <source>Imports, newest first</source>
        <translation>Импорт, сначала новые</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No bundles imported yet.</source>
        <translation>Пакеты ещё не импортировались.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>(name not kept)</source>
        <extracomment>(file name, bundle id) of what this session imported with something to read (a warning, a rejection): shown opened, also after the history is read again.</extracomment>
        <translation>(имя не сохранено)</translation>
    </message>
</context>
<context>
    <name>InterviewEditor</name>
    <message>
        <location filename="../../fieldkit/gui/kit/editor_form.py" line="+57"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Town or village</source>
        <translation>Город или село</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Dungan woman, resident of Masanchi</source>
        <translation>например, дунганка, жительница Масанчи</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. en, ru, kk</source>
        <translation>например, en, ru, kk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interviewer code</source>
        <translation>Код интервьюера</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How consent was given</source>
        <translation>Как дано согласие</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>May be quoted anonymously</source>
        <translation>Можно цитировать анонимно</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+3"/>
        <source>May be shared with partners</source>
        <translation>Можно передавать партнёрам</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Private field notes</source>
        <translation>Личные полевые заметки</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only for you: names, contacts, circumstances. Never exported or sent.</source>
        <translation>Только для вас: имена, контакты, обстоятельства. Никогда не экспортируются и не отправляются.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Date:</source>
        <translation>&amp;Дата:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>C&amp;ountry:</source>
        <translation>Стра&amp;на:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Place:</source>
        <translation>&amp;Место:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Role:</source>
        <translation>&amp;Роль:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Or&amp;ganisation:</source>
        <translation>Органи&amp;зация:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Interviewer:</source>
        <translation>&amp;Интервьюер:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Co&amp;nsent:</source>
        <translation>Сог&amp;ласие:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tags:</source>
        <translation>&amp;Теги:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quotes</source>
        <translation>Цитаты</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Private field notes — never leave this computer</source>
        <translation>Личные полевые заметки — никогда не покидают этот компьютер</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kept encrypted in this vault only: never in citations, exports or bundles sent to HQ.</source>
        <translation>Хранятся в зашифрованном виде только в этом хранилище: никогда не попадают в ссылки на источник, экспорт или пакеты для центрального офиса.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Save state</source>
        <translation>Состояние сохранения</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What is still needed to mark ready</source>
        <translation>Чего ещё не хватает, чтобы отметить как готовое</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/editor.py" line="+328"/>
        <location filename="../../fieldkit/gui/kit/editor_form.py" line="+4"/>
        <source>&amp;Mark as ready</source>
        <translation>Отметить как &amp;готовое</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/editor_form.py" line="+1"/>
        <source>Mark as ready</source>
        <translation>Отметить как готовое</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>role</source>
        <translation>роль</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Underlined words may identify someone. Interviews with details nobody has reviewed are held back from export.</source>
        <translation>Подчёркнутые слова могут указать на человека. Интервью с непроверенными деталями не попадают в экспорт.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Choose an interview in the list, or press Ctrl+N for a new one.</source>
        <translation>Выберите интервью в списке или нажмите Ctrl+N, чтобы создать новое.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/editor.py" line="-109"/>
        <source>Confirmed by HQ and removed from this computer: it can be read, not edited.</source>
        <extracomment>At most this many things are named in &quot;Still needed to mark as ready&quot;.</extracomment>
        <translation>Получено центральным офисом и удалено с этого компьютера: запись можно читать, но не изменять.</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Editing…</source>
        <translation>Редактирование…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Marked as ready</source>
        <translation>Отмечено как готовое</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fix the fields marked in red to save.</source>
        <translation>Чтобы сохранить, исправьте поля, отмеченные красным.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still needed to mark as ready: {list}</source>
        <translation>Чтобы отметить как готовое, не хватает: {list}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the date</source>
        <translation>даты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the place</source>
        <translation>места</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the role</source>
        <translation>роли</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a quote</source>
        <translation>цитаты</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Not saved yet.</source>
        <translation>Пока не сохранено.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Not saved.</source>
        <translation>Не сохранено.</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <location line="+18"/>
        <source>Saving failed</source>
        <translation>Не удалось сохранить</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Changed elsewhere</source>
        <translation>Изменено в другом месте</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This interview was changed elsewhere after you opened it, so your edits were not saved over it. Both versions are kept: the other one as it was saved, and your edits as a new draft tagged “conflicting copy”, shown now. Compare the two and delete the one you do not need.</source>
        <translation>Это интервью было изменено в другом месте после того, как вы его открыли, поэтому ваши правки не записаны поверх. Сохранены обе версии: другая — как она была сохранена, а ваши правки — как новый черновик с меткой «conflicting copy», он показан сейчас. Сравните их и удалите ненужную.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>New interview — saved as a draft once you type.</source>
        <translation>Новое интервью — сохранится как черновик, как только вы начнёте печатать.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{status}, saved at {time}.</source>
        <translation>{status}, сохранено в {time}.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/editor_review.py" line="+43"/>
        <source>quote {number}</source>
        <translation>цитата {number}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Details to review: {n}</source>
        <translation>Проверить детали: {n}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not remembered</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Replace {kind}</source>
        <translation>Замена: {kind}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace “{text}” with:</source>
        <translation>Заменить «{text}» на:</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/kit/editor.py" line="-115"/>
        <source>{n} more</source>
        <translation>ещё {n}</translation>
    </message>
</context>
<context>
    <name>InterviewTableModel</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/list_model.py" line="+166"/>
        <source>Date</source>
        <extracomment>Ids shown whose ⚠ count is not known for their content yet: check them (off the GUI thread: the detector is slow), then hand the counts to :meth:`set_review_counts`. The kit&apos;s list: identifying details to review and whether HQ has it (REVIEW, SENT). HQ&apos;s list: interview id → attachments shown with it, read with each page (ATTACHED). 📎 where a font here draws it; else the column is headed in words, counts alone.</extracomment>
        <translation>Дата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quotes</source>
        <translation>Цитаты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Click to sort by this column</source>
        <translation>Нажмите, чтобы упорядочить по этому столбцу</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>HQ</source>
        <translation>ЦО</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Identifying details nobody has reviewed yet</source>
        <translation>Идентифицирующие данные, которые ещё никто не проверил</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Nothing to review</source>
        <translation>Проверять нечего</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Whether HQ has the interview as it is now</source>
        <translation>Есть ли у центрального офиса интервью в нынешнем виде</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Being checked for identifying details…</source>
        <translation>Идёт проверка на идентифицирующие данные…</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Attachments (photos, recordings, documents) HQ holds</source>
        <translation>Вложения (фотографии, записи, документы), которые хранит центральный офис</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No attachments</source>
        <translation>Вложений нет</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Attachments HQ holds: {n}</source>
        <translation>Вложений в центральном офисе: {n}</translation>
    </message>
</context>
<context>
    <name>KitForms</name>
    <message>
        <location filename="../../fieldkit/gui/kit/kit_forms.py" line="+75"/>
        <source>{title} ({id}, version {version})</source>
        <translation>{title} ({id}, версия {version})</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+26"/>
        <source>New interview</source>
        <translation>Новое интервью</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which form is this interview filled with?</source>
        <translation>По какой анкете заполняется это интервью?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No form</source>
        <translation>Без анкеты</translation>
    </message>
</context>
<context>
    <name>Kits</name>
    <message>
        <location filename="../../fieldkit/gui/hq/kits.py" line="+38"/>
        <source>Give the kit a name: HQ shows it wherever the kit appears.</source>
        <translation>Дайте устройству имя: центральный офис показывает его везде, где встречается устройство.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A kit&apos;s name is at most {n} characters.</source>
        <translation>Имя устройства — не длиннее {n} символов.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A kit&apos;s name cannot contain control characters.</source>
        <translation>Имя устройства не может содержать управляющие символы.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another kit already has this name: choose another.</source>
        <translation>Это имя уже есть у другого устройства: выберите другое.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>HQ&apos;s &amp;name for this kit:</source>
        <translation>&amp;Имя устройства в центральном офисе:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HQ&apos;s name for this kit</source>
        <translation>Имя устройства в центральном офисе</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Rename kit</source>
        <translation>Переименование устройства</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kit {fingerprint}, now named “{name}”.</source>
        <translation>Устройство {fingerprint}, сейчас называется «{name}».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Rename</source>
        <translation>&amp;Переименовать</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename the chosen kit</source>
        <translation>Переименовать выбранное устройство</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Enrolled kits</source>
        <extracomment>A kit was revoked, or took a new key, here.</extracomment>
        <translation>Зарегистрированные устройства</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint</source>
        <translation>Отпечаток</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrolled</source>
        <translation>Зарегистрирован</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last bundle</source>
        <translation>Последний пакет</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interviews stored</source>
        <translation>Сохранено интервью</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>{n}, imported {when}</source>
        <translation>{n}, импортирован {when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none yet</source>
        <translation>пока нет</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Revoke kit…</source>
        <translation>&amp;Отозвать устройство…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoke the chosen kit</source>
        <translation>Отозвать выбранное устройство</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/revoke.py" line="-49"/>
        <source>Revoked {when} by {who}</source>
        <translation>Отозван {when}, отозвал(а) {who}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trusted; new key since {when}</source>
        <translation>Доверенный; новый ключ с {when}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Trusted</source>
        <translation>Доверенный</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Revoke kit</source>
        <translation>Отзыв устройства</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoke kit “{name}” ({fingerprint})?</source>
        <translation>Отозвать устройство «{name}» ({fingerprint})?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Do this when the kit&apos;s laptop was seized or lost. HQ will hold every later bundle signed with its key in quarantine and never merge it; what the kit sent before stays, marked as from a revoked kit. This cannot be undone.</source>
        <translation>Сделайте это, если ноутбук с этим устройством изъят или потерян. Центральный офис будет задерживать в карантине каждый следующий пакет, подписанный его ключом, и никогда не объединит его; присланное устройством раньше останется, с пометкой «от отозванного устройства». Отменить это нельзя.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revoked by</source>
        <translation>Кто отзывает</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reason (optional):</source>
        <translation>&amp;Причина (необязательно):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revoked &amp;by:</source>
        <translation>&amp;Кто отзывает:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;voke “{name}”</source>
        <translation>Отоз&amp;вать «{name}»</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/kits.py" line="+10"/>
        <source>Accept &amp;new key…</source>
        <translation>Принять &amp;новый ключ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../fieldkit/gui/hq/revoke.py" line="+34"/>
        <source>Accept a kit&apos;s new key</source>
        <translation>Принять новый ключ устройства</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/revoke.py" line="+3"/>
        <source>Choose the kit&apos;s rekey statement</source>
        <translation>Выберите заявление устройства о смене ключа</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fieldkit rekey statements (*{suffix});;All files (*)</source>
        <translation>Заявления fieldkit о смене ключа (*{suffix});;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Kit “{name}” already has this key.</source>
        <translation>У устройства «{name}» уже этот ключ.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Kit “{name}” ({old}) moves to a new key. Call the researcher on a number you already know and ask them to read out the fingerprint their kit shows now. Accept only if every character below matches: whoever holds the old key can write such a statement.</source>
        <translation>Устройство «{name}» ({old}) переходит на новый ключ. Позвоните исследователю по номеру, который вы уже знаете, и попросите прочитать отпечаток, который сейчас показывает его устройство. Принимайте, только если совпадает каждый знак ниже: такое заявление может написать любой, у кого есть старый ключ.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>It &amp;matches — accept the new key</source>
        <translation>&amp;Совпадает — принять новый ключ</translation>
    </message>
</context>
<context>
    <name>LastGroupCheck</name>
    <message>
        <location filename="../../fieldkit/gui/base/common.py" line="+302"/>
        <source>That is not the last group shown above.</source>
        <extracomment>What a page holds below its heading: a widget, a layout, or a widget and its alignment.</extracomment>
        <translation>Это не последняя группа, показанная выше.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../fieldkit/gui/kit/main_window.py" line="+134"/>
        <source>Backup reminder</source>
        <translation>Напоминание о резервной копии</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Citation copied; the clipboard is cleared in {s} seconds.</source>
        <translation>Ссылка на источник скопирована; буфер обмена очистится через {s} с.</translation>
    </message>
    <message>
        <location line="+155"/>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Delete interview</source>
        <translation>Удаление интервью</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this interview, its quotes and its revision trail from the vault?</source>
        <translation>Удалить из хранилища это интервью, его цитаты и историю версий?</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Passphrase changed.</source>
        <translation>Парольная фраза изменена.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Checking the vault…</source>
        <translation>Проверка хранилища…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>This kit sends its bundles to {name}.</source>
        <translation>Это устройство отправляет пакеты в: {name}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This kit&apos;s card was saved.</source>
        <translation>Карточка этого устройства сохранена.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export to HQ</source>
        <translation>Отправка в центральный офис</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This kit does not know its HQ yet. Ask HQ for its card, then choose Exchange → Enroll HQ… and compare the fingerprint with HQ by phone.</source>
        <translation>Это устройство ещё не знает свой центральный офис. Попросите у офиса карточку, выберите «Обмен → Зарегистрировать центральный офис…» и сверьте отпечаток с офисом по телефону.</translation>
    </message>
    <message>
        <location line="-284"/>
        <source>Search quotes, private notes, roles, places, tags…</source>
        <translation>Поиск по цитатам, личным заметкам, ролям, местам, тегам…</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Recordings kept</source>
        <translation>Записи сохранены</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recordings interrupted by a crash: {n}. What was recorded until about a second before it is saved as an attachment of its interview.</source>
        <translation>Записей, прерванных сбоем: {n}. Записанное примерно до секунды перед сбоем сохранено как вложение интервью.</translation>
    </message>
</context>
<context>
    <name>NewPassphraseForm</name>
    <message>
        <location filename="../../fieldkit/gui/session/passphrase_form.py" line="+34"/>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Repeat the passphrase</source>
        <translation>Повторите парольную фразу</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show what I type</source>
        <translation>Показывать вводимое</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the passphrase</source>
        <translation>Показать парольную фразу</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passphrase strength</source>
        <translation>Надёжность парольной фразы</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Advice on the passphrase</source>
        <translation>Советы по парольной фразе</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Whether the two passphrases match</source>
        <translation>Совпадают ли две парольные фразы</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Парольная фраза:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Repeat it:</source>
        <translation>П&amp;овторите её:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Strength:</source>
        <translation>Надёжность:</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Very weak</source>
        <translation>Очень слабая</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weak</source>
        <translation>Слабая</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fair</source>
        <translation>Средняя</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strong</source>
        <translation>Надёжная</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Very strong</source>
        <translation>Очень надёжная</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not chosen yet</source>
        <translation>Ещё не выбрана</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too easy to guess.</source>
        <translation>Слишком легко угадать.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose several unrelated words you can remember; at least 10 characters.</source>
        <translation>Выберите несколько не связанных между собой слов, которые вы запомните; не менее 10 знаков.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Good: this passphrase is hard to guess.</source>
        <translation>Хорошо: эту парольную фразу трудно угадать.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The two passphrases match.</source>
        <translation>Парольные фразы совпадают.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passphrases do not match yet.</source>
        <translation>Парольные фразы пока не совпадают.</translation>
    </message>
</context>
<context>
    <name>PassphraseAdvice</name>
    <message>
        <location filename="../../fieldkit/gui/session/passphrase_advice.py" line="+19"/>
        <source>Use a few words, avoid common phrases.</source>
        <translation>Используйте несколько слов, избегайте расхожих фраз.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No need for symbols, digits, or uppercase letters.</source>
        <translation>Символы, цифры и заглавные буквы не обязательны.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add another word or two. Uncommon words are better.</source>
        <translation>Добавьте ещё одно-два слова. Лучше редкие.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Straight rows of keys are easy to guess.</source>
        <translation>Клавиши подряд в одном ряду легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Short keyboard patterns are easy to guess.</source>
        <translation>Короткие узоры на клавиатуре легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a longer keyboard pattern with more turns.</source>
        <translation>Используйте более длинный узор с большим числом поворотов.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeats like &quot;aaa&quot; are easy to guess.</source>
        <translation>Повторы вроде «aaa» легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeats like &quot;abcabcabc&quot; are only slightly harder to guess than &quot;abc&quot;.</source>
        <translation>Повторы вроде «abcabcabc» угадать лишь немногим труднее, чем «abc».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Avoid repeated words and characters.</source>
        <translation>Избегайте повторяющихся слов и знаков.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequences like &quot;abc&quot; or &quot;6543&quot; are easy to guess.</source>
        <translation>Последовательности вроде «abc» или «6543» легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avoid sequences.</source>
        <translation>Избегайте последовательностей.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recent years are easy to guess.</source>
        <translation>Недавние годы легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avoid recent years.</source>
        <translation>Избегайте недавних лет.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avoid years that are associated with you.</source>
        <translation>Избегайте лет, связанных с вами.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dates are often easy to guess.</source>
        <translation>Даты обычно легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avoid dates and years that are associated with you.</source>
        <translation>Избегайте дат и лет, связанных с вами.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is a top-10 common password.</source>
        <translation>Это один из 10 самых распространённых паролей.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is a top-100 common password.</source>
        <translation>Это один из 100 самых распространённых паролей.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is a very common password.</source>
        <translation>Это очень распространённый пароль.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is similar to a commonly used password.</source>
        <translation>Это похоже на распространённый пароль.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A word by itself is easy to guess.</source>
        <translation>Одно слово легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names and surnames by themselves are easy to guess.</source>
        <translation>Имена и фамилии сами по себе легко угадать.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Common names and surnames are easy to guess.</source>
        <translation>Распространённые имена и фамилии легко угадать.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capitalization doesn&apos;t help very much.</source>
        <translation>Заглавные буквы мало помогают.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All-uppercase is almost as easy to guess as all-lowercase.</source>
        <translation>Всё заглавными угадать почти так же легко, как всё строчными.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reversed words aren&apos;t much harder to guess.</source>
        <translation>Слова задом наперёд угадать ненамного труднее.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Predictable substitutions like &apos;@&apos; instead of &apos;a&apos; don&apos;t help very much.</source>
        <translation>Предсказуемые замены вроде «@» вместо «a» мало помогают.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Use at least {n} characters; several unrelated words are easiest to remember.</source>
        <translation>Не меньше {n} знаков; легче всего запомнить несколько не связанных между собой слов.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../fieldkit/gui/session/preferences.py" line="+39"/>
        <location line="+28"/>
        <source>Preferences</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lock after this many idle minutes</source>
        <translation>Блокировать после стольких минут бездействия</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Lock when idle for:</source>
        <translation>&amp;Блокировать при бездействии:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The language is remembered on this computer. The idle lock is kept inside the vault: without keyboard or mouse input for that long, fieldkit saves and locks.</source>
        <translation>Язык запоминается на этом компьютере. Время блокировки хранится внутри хранилища: если столько времени не трогать клавиатуру и мышь, fieldkit сохранит всё и заблокируется.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Remind me of interviews no backup holds yet</source>
        <translation>&amp;Напоминать об интервью без резервной копии</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remind me of interviews no backup holds yet</source>
        <translation>Напоминать об интервью без резервной копии</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <location filename="../../fieldkit/gui/base/i18n.py" line="+45"/>
        <source>The interview date is needed before marking ready.</source>
        <translation>Прежде чем отметить как готовое, укажите дату интервью.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The place is needed before marking ready.</source>
        <translation>Прежде чем отметить как готовое, укажите место.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe the interviewee before marking ready.</source>
        <translation>Прежде чем отметить как готовое, опишите собеседника.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least one quote is needed before marking ready.</source>
        <translation>Прежде чем отметить как готовое, добавьте хотя бы одну цитату.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This is needed before marking ready.</source>
        <translation>Это нужно заполнить, прежде чем отметить как готовое.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is too long.</source>
        <translation>Слишком длинно.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Type a whole number.</source>
        <translation>Введите целое число.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a number, such as 12.5.</source>
        <translation>Введите число, например 12,5.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This number is too large.</source>
        <translation>Слишком большое число.</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>The date is in the future.</source>
        <translation>Дата в будущем.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a calendar date.</source>
        <translation>Такой даты нет в календаре.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a country name or ISO code.</source>
        <translation>Это не название страны и не код ISO.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a language code such as en, ru or kk.</source>
        <translation>Укажите код языка, например en, ru или kk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Separate tags with commas.</source>
        <translation>Разделяйте теги запятыми.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose how consent was given.</source>
        <translation>Выберите, как было дано согласие.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This value cannot be used.</source>
        <translation>Это значение использовать нельзя.</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <location filename="../../fieldkit/gui/base/prompts.py" line="+214"/>
        <source>Fingerprint</source>
        <translation>Отпечаток</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Type its last group once it matches:</source>
        <translation>&amp;Введите его последнюю группу, если всё совпадает:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last group of the fingerprint</source>
        <translation>Последняя группа отпечатка</translation>
    </message>
</context>
<context>
    <name>Quarantine</name>
    <message>
        <location filename="../../fieldkit/gui/base/i18n.py" line="-47"/>
        <source>changed on two timelines of a kit restored from a backup: the version HQ holds came from the other one</source>
        <translation>изменено в двух линиях истории устройства, восстановленного из резервной копии: версия, которая хранится в центральном офисе, пришла из другой линии</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>the same revision arrived with different content</source>
        <translation>та же версия пришла с другим содержимым</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>another kit sent this interview</source>
        <translation>это интервью прислали с другого устройства</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an older revision than the one stored</source>
        <translation>версия старше сохранённой</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/quarantine.py" line="+79"/>
        <source>Interviews in quarantine</source>
        <translation>Интервью на карантине</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Why it is in quarantine</source>
        <translation>Почему на карантине</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quotes</source>
        <translation>Цитаты</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>incoming</source>
        <translation>пришедшая</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stored</source>
        <translation>сохранённая</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&amp;Accept incoming</source>
        <translation>Прин&amp;ять пришедшую</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+135"/>
        <source>Accept incoming version</source>
        <translation>Принять пришедшую версию</translation>
    </message>
    <message>
        <location line="-134"/>
        <source>Keep &amp;stored</source>
        <translation>&amp;Оставить сохранённую</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep stored version</source>
        <translation>Оставить сохранённую версию</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing is waiting for a decision.</source>
        <translation>Решений ничто не ждёт.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Why: {reason}. Sent by kit {kit}, received {when}.</source>
        <translation>Причина: {reason}. Прислано с устройства {kit}, получено {when}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Incoming (from the kit)</source>
        <translation>Пришедшая (с устройства)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored at HQ</source>
        <translation>Сохранённая в центральном офисе</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Replace the stored interview with the incoming version? The stored text is kept only as a hash in the revision trail.</source>
        <translation>Заменить сохранённое интервью пришедшей версией? Сохранённый текст останется в истории версий только в виде хеша.</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+25"/>
        <source>Quarantine</source>
        <translation>Карантин</translation>
    </message>
    <message>
        <location line="-223"/>
        <source>Not stored at HQ.</source>
        <translation>В центральном офисе не хранится.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No quotes.</source>
        <translation>Цитат нет.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Attachments sent with the incoming</source>
        <translation>Вложения, пришедшие с новой версией</translation>
    </message>
</context>
<context>
    <name>QuoteEditor</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/quotes.py" line="+44"/>
        <source>Move this quote up</source>
        <extracomment>Where in a recording the quote was said (kept through edits; None: nowhere given).</extracomment>
        <translation>Переместить цитату выше</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move this quote down</source>
        <translation>Переместить цитату ниже</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove this quote</source>
        <translation>Удалить эту цитату</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The anonymised words of the interviewee…</source>
        <translation>Обезличенные слова собеседника…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tags of this quote</source>
        <translation>Теги этой цитаты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional, separated by commas</source>
        <translation>необязательно, через запятую</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quote tags:</source>
        <translation>Теги цитаты:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Citation</source>
        <translation>Ссылка на источник</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Citation:</source>
        <translation>Ссылка на источник:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy citation</source>
        <translation>Копировать ссылку на источник</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the citation to the clipboard</source>
        <translation>Скопировать ссылку на источник в буфер обмена</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Play this stretch</source>
        <translation>Воспроизвести этот отрезок</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the stretch of the recording</source>
        <translation>Воспроизвести отрезок записи</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where in the recording…</source>
        <translation>Где в записи…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Point this quote to where it was said in a recording</source>
        <translation>Указать, где в записи прозвучала эта цитата</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Quote {number}</source>
        <translation>Цитата {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quote {number} text</source>
        <translation>Текст цитаты {number}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>From the recording: {stretch}</source>
        <translation>Из записи: {stretch}</translation>
    </message>
</context>
<context>
    <name>QuoteList</name>
    <message>
        <location line="+28"/>
        <source>Add a &amp;quote</source>
        <translation>Добавить &amp;цитату</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a quote</source>
        <translation>Добавить цитату</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>(appears once the role is filled in)</source>
        <translation>(появится, когда будет заполнена роль)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Remove quote</source>
        <translation>Удаление цитаты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove this quote from the interview? Its text will be gone.</source>
        <translation>Удалить эту цитату из интервью? Её текст пропадёт.</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <location filename="../../fieldkit/gui/kit/read_only.py" line="+25"/>
        <source>Read only: HQ confirmed it received this interview, and its quotes and private notes were removed from this computer. HQ keeps the full interview.</source>
        <translation>Только для чтения: центральный офис подтвердил получение этого интервью, и его цитаты и личные заметки удалены с этого компьютера. Полное интервью хранится в центральном офисе.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why this interview cannot be edited</source>
        <translation>Почему это интервью нельзя изменить</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/record_view.py" line="+47"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>Организация</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Interview</source>
        <translation>Интервью</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provenance</source>
        <translation>Происхождение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kit fingerprint</source>
        <translation>Отпечаток устройства</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/revoke.py" line="-124"/>
        <location filename="../../fieldkit/gui/widgets/record_view.py" line="+4"/>
        <source>Kit name</source>
        <translation>Имя устройства</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/widgets/record_view.py" line="+1"/>
        <source>Sent unreviewed</source>
        <translation>Отправлено без проверки</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Bundle</source>
        <translation>Пакет</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kit revision</source>
        <translation>Версия на устройстве</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported at</source>
        <translation>Импортировано</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Where it came from</source>
        <translation>Откуда поступило</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Choose an interview in the list.</source>
        <translation>Выберите интервью в списке.</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Press Enter on a row to read that revision as it was sent, Escape to go back.</source>
        <translation>Нажмите Enter на строке, чтобы прочитать эту редакцию в том виде, в каком она была прислана, или Escape, чтобы вернуться.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Current version</source>
        <translation>&amp;Текущая версия</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>HQ accepted this revision before it kept the content of each revision: only its origin is known.</source>
        <translation>Центральный офис принял эту редакцию ещё до того, как стал сохранять содержание каждой редакции: известно только, откуда она поступила.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Showing kit revision {n} from kit {kit}, as it was sent (read only).</source>
        <translation>Показана редакция {n} с устройства {kit} в том виде, в каком она была прислана (только для чтения).</translation>
    </message>
    <message>
        <location line="-144"/>
        <source>Quote {n}</source>
        <translation>Цитата {n}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No quotes.</source>
        <translation>Цитат нет.</translation>
    </message>
    <message>
        <location filename="../../fieldkit/gui/hq/revoke.py" line="+10"/>
        <source>{name} (revoked {when}; this revision arrived after)</source>
        <translation>{name} (отозван {when}; эта редакция пришла после)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} (revoked {when}; this revision arrived before)</source>
        <translation>{name} (отозван {when}; эта редакция пришла до)</translation>
    </message>
</context>
<context>
    <name>Recorder</name>
    <message>
        <location filename="../../fieldkit/gui/kit/recorder_dialog.py" line="+68"/>
        <source>This input cannot record at 48 kHz in 16 bits; choose another.</source>
        <translation>Этот вход не может записывать с частотой 48 кГц и 16 бит; выберите другой.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The input could not be opened.</source>
        <translation>Не удалось открыть вход.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Record</source>
        <translation>Запись</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Input device</source>
        <translation>Устройство входа</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Input:</source>
        <translation>&amp;Вход:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Input level</source>
        <translation>Уровень входа</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time recorded</source>
        <translation>Записанное время</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready. The sound goes sealed into the vault.</source>
        <translation>Готово. Звук записывается в хранилище в зашифрованном виде.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Start</source>
        <translation>&amp;Начать</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+38"/>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>S&amp;top and save</source>
        <translation>&amp;Остановить и сохранить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Level:</source>
        <translation>Уровень:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded:</source>
        <translation>Записано:</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;Resume</source>
        <translation>&amp;Продолжить</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot record</source>
        <translation>Запись невозможна</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+38"/>
        <source>Recording…</source>
        <translation>Идёт запись…</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Stopped.</source>
        <translation>Остановлено.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Recording stopped</source>
        <translation>Запись остановлена</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Paused: nothing is recorded.</source>
        <translation>Пауза: ничего не записывается.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Stop recording?</source>
        <translation>Остановить запись?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop recording and save what was recorded as an attachment?</source>
        <translation>Остановить запись и сохранить записанное как вложение?</translation>
    </message>
</context>
<context>
    <name>RecordsWindow</name>
    <message>
        <location filename="../../fieldkit/gui/records_window.py" line="+92"/>
        <source>Interviews</source>
        <extracomment>A dialog a window opens and keeps.</extracomment>
        <translation>Интервью</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>fieldkit, version {version} (build {build}).</source>
        <translation>fieldkit, версия {version} (сборка {build}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Free software under the GNU Affero General Public License, version 3 or later.</source>
        <translation>Свободная программа под лицензией GNU Affero General Public License версии 3 или более поздней.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This vault: {folder}</source>
        <translation>Это хранилище: {folder}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>About fieldkit</source>
        <translation>О программе fieldkit</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Help → User guide (F1) explains the app. The full documentation (installing, the vault, exchange with the central office) is in the docs folder of the source; fieldkit --help lists the command line.</source>
        <translation>Справка → Руководство (F1) объясняет работу с приложением. Полная документация (установка, хранилище, обмен с центральным офисом) — в папке docs исходного кода; fieldkit --help перечисляет команды.</translation>
    </message>
</context>
<context>
    <name>Restore</name>
    <message>
        <location filename="../../fieldkit/gui/session/restore.py" line="+22"/>
        <source>Choose the backup&apos;s folder (the one Back up… wrote)</source>
        <translation>Выберите папку резервной копии (ту, что записала команда «Создать резервную копию…»)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restore from a backup</source>
        <translation>Восстановление из резервной копии</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The passphrase the backup was made with:</source>
        <translation>Парольная фраза, с которой была создана копия:</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/findings.py" line="+44"/>
        <source>a person&apos;s name</source>
        <translation>имя человека</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a phone number</source>
        <translation>номер телефона</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an e-mail address</source>
        <translation>адрес электронной почты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an identity document number</source>
        <translation>номер документа</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a vehicle number plate</source>
        <translation>номер автомобиля</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a street address</source>
        <translation>адрес</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a social media profile</source>
        <translation>профиль в соцсети</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a date of birth</source>
        <translation>дата рождения</translation>
    </message>
    <message>
        <location line="+267"/>
        <source>Replace with “{suggestion}”</source>
        <translation>Заменить на «{suggestion}»</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replace with other words…</source>
        <translation>Заменить другими словами…</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>Not identifying — keep as it is</source>
        <comment>person</comment>
        <translation>Это имя ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not identifying — keep as it is</source>
        <comment>phone</comment>
        <translation>Этот номер телефона ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not identifying — keep as it is</source>
        <comment>email</comment>
        <translation>Этот адрес почты ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not identifying — keep as it is</source>
        <comment>id</comment>
        <translation>Этот номер документа ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not identifying — keep as it is</source>
        <comment>vehicle</comment>
        <translation>Этот номер машины ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not identifying — keep as it is</source>
        <comment>address</comment>
        <translation>Этот адрес ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not identifying — keep as it is</source>
        <comment>social</comment>
        <translation>Этот профиль ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not identifying — keep as it is</source>
        <comment>birth date</comment>
        <translation>Эта дата ни на кого не указывает — оставить</translation>
    </message>
    <message>
        <location line="+263"/>
        <source>{where}: “{text}” — {kind}</source>
        <translation>{where}: «{text}» — {kind}</translation>
    </message>
</context>
<context>
    <name>SentOverview</name>
    <message>
        <location filename="../../fieldkit/gui/kit/sent_overview.py" line="+94"/>
        <source>Interviews not yet sent go with the next Export to HQ (Ctrl+E) once they are ready; those waiting for a receipt go again until HQ&apos;s receipt is applied (Exchange → Apply HQ receipt…).</source>
        <translation>Неотправленные интервью уйдут со следующим экспортом (Ctrl+E), когда будут готовы; ждущие подтверждения отправляются снова, пока не применено подтверждение получения от центрального офиса (Обмен → Применить подтверждение получения…).</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Last export:</source>
        <translation>Последний экспорт:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Last receipt applied:</source>
        <translation>Последнее применённое подтверждение:</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Sent and not yet sent</source>
        <translation>Отправленные и неотправленные</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Where your interviews stand with HQ</source>
        <translation>Ваши интервью и центральный офис</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>bundle {n}, {when}</source>
        <translation>пакет {n}, {when}</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+7"/>
        <source>none yet</source>
        <translation>пока нет</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>{mark} Confirmed by HQ:</source>
        <translation>{mark} Подтверждено центральным офисом:</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>{mark} Not yet sent:</source>
        <translation>{mark} Ещё не отправлено:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{mark} Sent, waiting for HQ&apos;s receipt:</source>
        <translation>{mark} Отправлено, ждёт подтверждения:</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>{n} drafts</source>
        <translation>черновиков: {n}</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>{n} edited since sent</source>
        <translation>изменено после отправки: {n}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../fieldkit/gui/base/i18n.py" line="-41"/>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>Отправлено</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received by HQ</source>
        <translation>Получено офисом</translation>
    </message>
</context>
<context>
    <name>TagsEdit</name>
    <message>
        <location filename="../../fieldkit/gui/widgets/fields.py" line="-84"/>
        <source>e.g. violence, property damage</source>
        <translation>например, насилие, порча имущества</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <location filename="../../fieldkit/gui/base/task_dialog.py" line="+46"/>
        <source>C&amp;hoose…</source>
        <translation>&amp;Выбрать…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose: {name}</source>
        <translation>Выбрать: {name}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Progress</source>
        <translation>Ход выполнения</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+79"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cancelled. Nothing was written or changed.</source>
        <translation>Отменено. Ничего не записано и не изменено.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../fieldkit/gui/session/unlock.py" line="+151"/>
        <source>If the passphrase is right, the key slot file may be damaged: use the recovery key or restore from a backup.</source>
        <translation>Если парольная фраза верна, файл слотов ключей может быть повреждён: воспользуйтесь ключом восстановления или восстановите хранилище из резервной копии.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The vault&apos;s key slot file is damaged, so no passphrase can open it: this is not a wrong passphrase. Try &quot;Forgot passphrase?&quot; with your recovery key; if that fails too, restore the vault from a backup (fieldkit restore).</source>
        <translation>Файл слотов ключей хранилища повреждён, поэтому его не откроет ни одна парольная фраза: дело не в неверной парольной фразе. Попробуйте «Забыли парольную фразу?» с ключом восстановления; если и это не поможет, восстановите хранилище из резервной копии (fieldkit restore).</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Unlock fieldkit</source>
        <translation>Разблокировка fieldkit</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Passphrase</source>
        <translation>Парольная фраза</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Парольная фраза:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock message</source>
        <translation>Сообщение о разблокировке</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+72"/>
        <source>Opening the vault…</source>
        <translation>Открытие хранилища…</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Разблокировать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Forgot passphrase?</source>
        <translation>&amp;Забыли парольную фразу?</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Forgot passphrase? Use the recovery key</source>
        <translation>Забыли парольную фразу? Воспользуйтесь ключом восстановления</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fieldkit is locked</source>
        <translation>fieldkit заблокирован</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter your passphrase to open the vault.</source>
        <translation>Введите парольную фразу, чтобы открыть хранилище.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>That passphrase does not open this vault. Check the keyboard layout and Caps Lock, then try again.</source>
        <translation>Эта парольная фраза не открывает хранилище. Проверьте раскладку клавиатуры и Caps Lock и попробуйте ещё раз.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Recovery key</source>
        <translation>Ключ восстановления</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Recovery key:</source>
        <translation>&amp;Ключ восстановления:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recovery message</source>
        <translation>Сообщение о восстановлении</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>&amp;Open with recovery key</source>
        <translation>&amp;Открыть ключом восстановления</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Back</source>
        <translation>&amp;Назад</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to the passphrase</source>
        <translation>Вернуться к парольной фразе</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open with the recovery key</source>
        <translation>Открытие ключом восстановления</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the recovery key you wrote down when the vault was created. Then you will choose a new passphrase.</source>
        <translation>Введите ключ восстановления, который вы записали при создании хранилища. Затем вы выберете новую парольную фразу.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>That recovery key does not open this vault. Check each group.</source>
        <translation>Этот ключ восстановления не открывает хранилище. Проверьте каждую группу.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New passphrase message</source>
        <translation>Сообщение о новой парольной фразе</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Saving the new passphrase…</source>
        <translation>Сохранение новой парольной фразы…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>&amp;Set passphrase and open</source>
        <translation>&amp;Задать парольную фразу и открыть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Отмена</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel and lock again</source>
        <translation>Отменить и снова заблокировать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a new passphrase</source>
        <translation>Выберите новую парольную фразу</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The recovery key worked. Choose a new passphrase; the recovery key stays the same.</source>
        <translation>Ключ восстановления подошёл. Выберите новую парольную фразу; ключ восстановления остаётся прежним.</translation>
    </message>
</context>
<context>
    <name>VaultDialogs</name>
    <message>
        <location filename="../../fieldkit/gui/session/vault_dialogs.py" line="+57"/>
        <location line="+11"/>
        <location line="+9"/>
        <source>Integrity check</source>
        <translation>Проверка целостности</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>The vault is sound: {interviews} and {revisions} verified.</source>
        <translation>Хранилище в порядке: проверено {interviews} и {revisions}.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Destroy this vault</source>
        <translation>Уничтожение хранилища</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This destroys the vault for good: no passphrase or recovery key will open it again, and interviews not yet received by HQ are lost.

Type {phrase} to destroy it:</source>
        <translation>Хранилище будет уничтожено навсегда: его больше не откроют ни парольная фраза, ни ключ восстановления, а интервью, ещё не полученные центральным офисом, будут потеряны.

Чтобы уничтожить его, введите {phrase}:</translation>
    </message>
</context>
</TS>
