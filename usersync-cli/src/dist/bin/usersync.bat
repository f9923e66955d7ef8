@echo off
rem usersync: runs lib\usersync.jar with JAVA_HOME's java, or the java on PATH; JAVA_OPTS are passed on.
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" %JAVA_OPTS% -jar "%APP_HOME%\lib\usersync.jar" %*
exit /b %ERRORLEVEL%
