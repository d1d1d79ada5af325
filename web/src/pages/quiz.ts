/** The park quiz: the questions, your result and your past results (features/quiz). */
import { startQuiz } from '../features/quiz/actions';
import { startPage } from '../page';

startPage('quiz');
startQuiz();
