import { mountBoardPage } from '../board/main';

void mountBoardPage(document.getElementById('board-root')!);
