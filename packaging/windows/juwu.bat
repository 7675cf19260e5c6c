@echo off
rem juwu launcher for the office PC (packaging/windows/juwu.bat).
rem Double-click: opens the app full-screen in Windows Terminal if it is
rem installed, else maximised in the classic console window.
rem   juwu.bat demo | juwu.bat kiosk       the same, for the demo or the kiosk
rem   juwu.bat verify, juwu.bat backup ... any other command runs here, in
rem                                        this window, and keeps its exit code
rem The working folder is this file's folder, and the register is
rem data\juwu.redb in it (JUWU_DB, unless already set), so copying the whole
rem folder to a new PC takes the data, key, calendars and drafts along.
rem Saved as CRLF, UTF-8 without BOM (a BOM would break the first line).
setlocal
chcp 65001 >nul
cd /d "%~dp0"

rem Window: full (Windows Terminal full screen; F11 leaves it) or max.
set "JUWU_WINDOW=full"
rem The function-key layout (F2 new, F10 quit ...) instead of letters:
rem set "JUWU_KEYMAP=function-keys"

if not defined JUWU_DB set "JUWU_DB=%~dp0data\juwu.redb"

if "%~1"=="in-window" goto inwindow
if "%~1"=="" goto app
if /i "%~1"=="demo" goto window
if /i "%~1"=="kiosk" goto window
"%~dp0juwu.exe" %*
exit /b %errorlevel%


:app
if exist "%JUWU_DB%" goto window
echo.
echo   这台电脑上还没有本单位的登记簿：
echo   %JUWU_DB%
echo.
echo   第一次使用前，请负责电脑的同事按《使用说明.txt》第二节建立登记簿
echo   （只需做一次）。
echo.
choice /c YN /n /m "  先打开演示社区（清河社区）看看吗？按 Y 打开，按 N 退出："
if errorlevel 2 exit /b 1
set "JUWU_ARGS=demo"
goto open

:window
set JUWU_ARGS=%*
:open
set "JUWU_WT="
for %%I in (wt.exe) do set "JUWU_WT=%%~$PATH:I"
if not defined JUWU_WT goto conhost
set "JUWU_WTMODE=--fullscreen"
if /i not "%JUWU_WINDOW%"=="full" set "JUWU_WTMODE=--maximized"
rem new-tab named: window options and tab options mixed without it fail on
rem older Windows Terminal. A ";" in the folder's path would split the tab.
start "" "%JUWU_WT%" %JUWU_WTMODE% new-tab --title juwu -d "%~dp0." cmd.exe /c "%~nx0" in-window %JUWU_ARGS%
exit /b 0
:conhost
start "juwu" /max cmd.exe /c "%~nx0" in-window %JUWU_ARGS%
exit /b 0

:inwindow
rem In the new window: run the app; on an error keep the window open so the
rem reason can be read. The demo keeps its own database (in the user's
rem AppData), never this office's register: with JUWU_DB set, `juwu demo`
rem would open or even create that file.
if /i "%~2"=="demo" set "JUWU_DB="
set "JUWU_ARGS="
:collect
shift
if "%~1"=="" goto run
set JUWU_ARGS=%JUWU_ARGS% %1
goto collect
:run
title juwu
"%~dp0juwu.exe"%JUWU_ARGS%
if not errorlevel 1 exit /b 0
echo.
echo   juwu 没有正常结束，原因见上面。请把这个窗口拍照发给负责电脑的同事。
pause
exit /b 1
