@echo off
rem Backup for the office ("backup to the USB drive"): asks for the drive's
rem letter and runs `juwu backup --include-key` into a new folder
rem <drive>:\juwu-backup\juwu-<date>-<time> (the backup reads itself back
rem before it says done). CRLF, UTF-8 without BOM,
rem nothing but ASCII before chcp 65001 (cmd reads those in the OEM code page).
setlocal
chcp 65001 >nul
cd /d "%~dp0"
if not defined JUWU_DB set "JUWU_DB=%~dp0data\juwu.redb"
if exist "%JUWU_DB%" goto ask
echo.
echo   这台电脑上还没有本单位的登记簿，没有可备份的内容：
echo   %JUWU_DB%
echo.
pause
exit /b 1

:ask
echo.
echo   请先退出 juwu 程序（按 q），再插上 U 盘。
set "DRIVE="
set /p "DRIVE=  U 盘的盘符（例如 E），输入后按回车："
if not defined DRIVE goto ask
set "DRIVE=%DRIVE:~0,1%"
rem The root first (Windows); "\nul" also answers where that does not (Wine).
if exist "%DRIVE%:\" goto stamp
if exist "%DRIVE%:\nul" goto stamp
echo   找不到 %DRIVE% 盘，请检查 U 盘是否插好。
goto ask

:stamp
rem A sortable date and time; %DATE% depends on the regional settings.
set "STAMP="
for /f "usebackq delims=" %%T in (`powershell -NoProfile -Command "Get-Date -Format yyyyMMdd-HHmm" 2^>nul`) do set "STAMP=%%T"
if not defined STAMP set "STAMP=%RANDOM%"
set "OUT=%DRIVE%:\juwu-backup\juwu-%STAMP%"
echo.
echo   正在备份到 %OUT% ……
"%~dp0juwu.exe" backup --out "%OUT%" --include-key
if errorlevel 1 goto failed
echo.
echo   备份完成：%OUT%
echo   这个 U 盘里有本单位的签名密钥，请锁好保管。
echo.
pause
exit /b 0

:failed
echo.
echo   备份没有完成，原因见上面。请把这个窗口拍照发给负责电脑的同事。
echo.
pause
exit /b 1
