; Cashier's Windows installer (NSIS 3, Modern UI 2). See installer/windows/README.md.
;
;   makensis /DVERSION=0.1.0 /DPAYLOAD=dist\cashier /DOUTFILE=dist\cashier-0.1.0-setup.exe installer\windows\cashier.nsi
;
; VERSION  the project version (cashier/__init__.py), X.Y.Z
; PAYLOAD  the PyInstaller one-folder bundle (cashier.exe, cashierw.exe, _internal\)
; OUTFILE  where the installer goes (default: cashier-VERSION-setup.exe beside this script)
; ICON     the application icon (default: resources\icons\cashier.ico of this checkout)
;
; Per-machine: installs to "Program Files\Cashier" as administrator, for every user of the PC.
; The till's data (journal, settings, logs) lives in each user's %LOCALAPPDATA%\Cashier
; (platformdirs): an upgrade replaces the program folder and never touches it; the uninstaller
; deletes it only when the "data" component is ticked on its components page.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "give the project version: makensis /DVERSION=X.Y.Z ..."
!endif
!ifndef PAYLOAD
  !error "give the PyInstaller bundle: makensis /DPAYLOAD=path\to\dist\cashier ..."
!endif
!ifndef OUTFILE
  !define OUTFILE "cashier-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "../../resources/icons/cashier.ico"  ; makensis works in the script's folder
!endif

!define APP_NAME "Cashier"
!define PUBLISHER "The Cashier developers"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Cashier"
!define APP_KEY "Software\Cashier"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
; An earlier installation's folder wins (an upgrade goes where the till already is).
InstallDirRegKey HKLM "${APP_KEY}" "InstallDir"
RequestExecutionLevel admin
BrandingText "${APP_NAME} ${VERSION}"

; Version information of setup.exe (Explorer, Properties, Details): from the project version.
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}, MIT licence"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\cashierw.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; German first: the default for a German Windows, English everywhere else.
!insertmacro MUI_LANGUAGE "German"
!insertmacro MUI_LANGUAGE "English"

LangString SecProgram ${LANG_GERMAN} "Cashier (Programm und Startmenü)"
LangString SecProgram ${LANG_ENGLISH} "Cashier (program and Start menu)"
LangString SecDesktop ${LANG_GERMAN} "Verknüpfung auf dem Desktop"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecData ${LANG_GERMAN} "Auch die Daten der Kasse dieses Benutzers löschen (Journal, Einstellungen, Protokolle)"
LangString SecData ${LANG_ENGLISH} "Also delete this user's till data (journal, settings, logs)"
LangString SelfCheck ${LANG_GERMAN} "Cashier Selbsttest"
LangString SelfCheck ${LANG_ENGLISH} "Cashier self-check"
LangString Needs64 ${LANG_GERMAN} "Cashier braucht ein 64-Bit-Windows."
LangString Needs64 ${LANG_ENGLISH} "Cashier needs a 64-bit Windows."
LangString NeedsWin10 ${LANG_GERMAN} "Cashier braucht Windows 10 Version 1903 oder neuer (oder Windows 11)."
LangString NeedsWin10 ${LANG_ENGLISH} "Cashier needs Windows 10 version 1903 or newer (or Windows 11)."
LangString ConfirmData ${LANG_GERMAN} "Das Journal enthält die Verkäufe des Geschäfts. Wirklich löschen?$\n$\n$LOCALAPPDATA\Cashier"
LangString ConfirmData ${LANG_ENGLISH} "The journal holds the shop's sales. Delete it for good?$\n$\n$LOCALAPPDATA\Cashier"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "$(Needs64)" /SD IDOK
    Abort
  ${EndIf}
  ; Qt 6.10+ (PySide6) needs the system ICU and APIs of Windows 10 1903 (build 18362).
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 18362
    MessageBox MB_ICONSTOP|MB_OK "$(NeedsWin10)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "!$(SecProgram)" SecProgramId
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade: the old program files go first, so nothing stale of the last version stays
  ; behind. Only the program folder: the users' data is elsewhere (%LOCALAPPDATA%\Cashier).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\cashier.exe"
  Delete "$INSTDIR\cashierw.exe"
  File /r "${PAYLOAD}\*.*"
  File "/oname=$INSTDIR\cashier.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\cashierw.exe" "" "$INSTDIR\cashier.ico" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\$(SelfCheck).lnk" "$SYSDIR\cmd.exe" \
    '/k ""$INSTDIR\cashier.exe" self-check"' "$INSTDIR\cashier.ico" 0

  WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${APP_KEY}" "Version" "${VERSION}"
  ; Add/Remove Programs ("Apps & features").
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\cashier.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section /o "$(SecDesktop)" SecDesktopId
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\cashierw.exe" "" "$INSTDIR\cashier.ico" 0
SectionEnd

Section "-un.Program"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\cashier.exe"
  Delete "$INSTDIR\cashierw.exe"
  Delete "$INSTDIR\cashier.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${APP_KEY}"
SectionEnd

; Unticked unless the person uninstalling ticks it (never in a silent uninstall): the journal
; is the shop's record of its sales.
Section /o "un.$(SecData)" SecDataId
  SetShellVarContext current
  MessageBox MB_ICONEXCLAMATION|MB_YESNO|MB_DEFBUTTON2 "$(ConfirmData)" /SD IDNO IDNO keep
  RMDir /r "$LOCALAPPDATA\Cashier"
  keep:
  SetShellVarContext all
SectionEnd
