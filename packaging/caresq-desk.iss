; Inno Setup script for the Windows installer of Caresq Desk (built by .github/workflows/release.yml).
;   ISCC.exe /DSourceDir=...\dist\caresq-desk /DIconFile=...\caresq-desk.ico packaging\caresq-desk.iss
; Installs per user (no administrator rights needed on a managed laptop), adds a Start menu entry
; and opens .json assessment files from the Explorer's "Openen met".

#ifndef SourceDir
  #define SourceDir "..\dist\caresq-desk"
#endif
#ifndef IconFile
  #define IconFile "..\build\icons\caresq-desk.ico"
#endif
#define AppVersion GetVersionNumbersString(SourceDir + "\caresq-desk.exe")

[Setup]
AppId={{7B0E6C1E-2B5A-4E3F-9C1D-CA5E50DE5A10}
AppName=Caresq Desk
AppVersion={#AppVersion}
AppPublisher=Caresq
DefaultDirName={localappdata}\Programs\Caresq Desk
DefaultGroupName=Caresq Desk
PrivilegesRequired=lowest
OutputDir=..\dist\installer
OutputBaseFilename=caresq-desk-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\caresq-desk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\Caresq Desk"; Filename: "{app}\caresq-desk.exe"
Name: "{group}\Caresq Desk verwijderen"; Filename: "{uninstallexe}"

[Registry]
Root: HKCU; Subkey: "Software\Classes\Applications\caresq-desk.exe\shell\open\command"; ValueType: string; ValueData: """{app}\caresq-desk.exe"" ""%1"""; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "CaresqDesk.Beoordeling"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\CaresqDesk.Beoordeling"; ValueType: string; ValueData: "Caresq-beoordeling"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\CaresqDesk.Beoordeling\shell\open\command"; ValueType: string; ValueData: """{app}\caresq-desk.exe"" ""%1"""

[Run]
Filename: "{app}\caresq-desk.exe"; Description: "Caresq Desk starten"; Flags: nowait postinstall skipifsilent
