; Inno Setup 6 script for the AmilDesk office installer -- a SKETCH, NOT YET TESTED.
;
; Input: dist\amildesk\ built on Windows with `.venv\Scripts\pyinstaller build.spec --noconfirm`
; (see docs\building.md). Compile from the repository root:
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" docs\installer\amildesk.iss
; Output: dist\amildesk-<version>-setup.exe
;
; The version is read from amildesk.exe's version resource, which build.spec writes from
; pyproject.toml, so there is one place to change it.
;
; What the installer must never do: touch the office's data. The store lives in the user's data
; folder (%LOCALAPPDATA%\AmilDesk, from platformdirs), not under {app}; uninstalling removes the
; program only. Backups and unsent records stay where they are.

#define AppName "AmilDesk"
#define AppExe "amildesk.exe"
#define Bundle "..\..\dist\amildesk"
#define AppVersion GetStringFileInfo(Bundle + "\" + AppExe, "ProductVersion")

[Setup]
; A fixed AppId makes a newer installer upgrade the installed copy in place. Never change it.
AppId={{6B1C2E7A-3F4D-4C8B-9E21-5A7D0F3B8C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=AmilDesk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Offices run 64-bit Windows 10/11. PySide6 6.10+ builds Qt6Core.dll against Windows' own ICU
; (System32\icuuc.dll, shipped since Windows 10 1903), so older builds (e.g. 1809 LTSC) cannot start it.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.18362
; Installs for all users by default; a clerk without admin rights may choose "only for me".
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
; Close a running AmilDesk (it holds the store's lock and its DLLs) before replacing files.
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\..\resources\icons\amildesk.ico
UninstallDisplayIcon={app}\{#AppExe}
WizardStyle=modern
Compression=lzma2/ultra64
SolidCompression=yes
OutputDir=..\..\dist
OutputBaseFilename=amildesk-{#AppVersion}-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Indonesian is an unofficial Inno Setup translation: download Indonesian.isl from the Inno Setup
; translations page into the compiler's Languages folder, then enable this line.
; Name: "indonesian"; MessagesFile: "compiler:Languages\Indonesian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; A PyInstaller folder is replaced as a whole: libraries dropped by a newer version must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ Prove the installed copy works before the clerk relies on it: `amildesk.exe --self-test` uses a
  throw-away store in %TEMP% (never the office's data) and exits non-zero naming the failed check.
  The app is windowed, so only the exit code comes back here; support reruns it from a console. }
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    WizardForm.StatusLabel.Caption := 'Memeriksa instalasi (self-test)...';
    if not Exec(ExpandConstant('{app}\{#AppExe}'), '--self-test', '', SW_HIDE, ewWaitUntilTerminated, ResultCode)
      or (ResultCode <> 0) then
      MsgBox('Pemeriksaan instalasi AmilDesk gagal (kode ' + IntToStr(ResultCode) + '). ' +
             'Hubungi pendamping TI sebelum memakai aplikasi ini.', mbError, MB_OK);
  end;
end;

; Not here on purpose: amildesk-server.exe gets no shortcut (the district runs it from a console or
; as a service), and no [UninstallDelete] entry points at the data folder.
